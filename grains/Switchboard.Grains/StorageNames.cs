namespace Switchboard.Grains;

/// <summary>Names of the Orleans storage providers the grains use.</summary>
public static class StorageNames
{
    /// <summary>Grain state (small: counters and edge sets, never history).</summary>
    public const string State = "switchboard";
}
