namespace Switchboard.Tests.Grains;

/// <summary>Upper bounds for every await in the grain tests: a hung grain call fails the test instead of the run.</summary>
internal static class Timeouts
{
    public static readonly TimeSpan Call = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan ClusterStart = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan ClusterStop = TimeSpan.FromSeconds(60);

    public static Task<T> WithTimeout<T>(this Task<T> task) => task.WaitAsync(Call);

    public static Task WithTimeout(this Task task) => task.WaitAsync(Call);
}
