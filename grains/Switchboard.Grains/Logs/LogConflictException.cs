namespace Switchboard.Grains.Logs;

/// <summary>
/// A store refused an append because the log is not where the writer thinks it is: another activation appended
/// first, or the log was recreated under a new epoch. Nothing was written. The writer must reload the log's position
/// before it appends again (a grain that sees this deactivates, so its next call starts from the store).
/// </summary>
[GenerateSerializer, Alias("sb.LogConflictException")]
public sealed class LogConflictException : Exception
{
    public LogConflictException(string message)
        : base(message)
    {
    }
}
