namespace Switchboard.Edge.Protocol;

/// <summary>A reply frame, ready to send, and the error code it carries when it is an <c>error</c> frame.</summary>
public readonly record struct Reply(byte[] Frame, string? ErrorCode, string? ErrorMessage)
{
    public bool IsError => ErrorCode is not null;

    public static Reply Ok(byte[] frame) => new(frame, null, null);

    public static Reply Error(byte[]? id, string code, string message) => new(FrameWriter.Error(id, code, message), code, message);

    /// <summary>A <c>rate_limited</c> error, with the wait after which the frame would be admitted.</summary>
    public static Reply RateLimited(byte[]? id, string message, long retryAfterMs) =>
        new(FrameWriter.RateLimited(id, message, retryAfterMs), ErrorCodes.RateLimited, message);
}
