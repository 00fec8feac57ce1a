namespace Switchboard.Tests.Support;

/// <summary>
/// Tests that measure this process's heap run alone, after the parallel ones, so other tests' allocations do not
/// count against the component being measured.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuresProcessMemory
{
    public const string Name = "Measures process memory";
}
