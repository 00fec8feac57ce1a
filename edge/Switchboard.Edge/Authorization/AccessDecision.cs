using Switchboard.Edge.Protocol;

namespace Switchboard.Edge.Authorization;

/// <summary>The answer of <see cref="AccessPolicy"/>: allowed, or the error code and message to refuse with.</summary>
public readonly record struct AccessDecision(string? ErrorCode, string? Message)
{
    public static readonly AccessDecision Allow = default;

    public bool IsAllowed => ErrorCode is null;

    public static AccessDecision Deny(string message) => new(ErrorCodes.PermissionDenied, message);

    /// <summary>The error reply for a refused request (only when <see cref="IsAllowed"/> is false).</summary>
    public Reply ToReply(byte[]? id) => Reply.Error(id, ErrorCode!, Message!);
}
