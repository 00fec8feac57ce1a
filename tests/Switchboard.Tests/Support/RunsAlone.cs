namespace Switchboard.Tests.Support;

/// <summary>
/// Tests that run alone, after the parallel ones: those that measure this process's heap (other tests' allocations
/// would count against the component measured) and those that drive load from this process and need its thread pool
/// to themselves.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
