using System.Diagnostics.CodeAnalysis;

namespace Switchboard.Media.Sdp;

/// <summary>The outcome of <see cref="SdpParser.Parse"/>: exactly one of <see cref="Description"/> and <see cref="Error"/>.</summary>
public sealed class SdpParseResult
{
    private SdpParseResult(SessionDescription? description, SdpParseError? error)
    {
        Description = description;
        Error = error;
    }

    public SessionDescription? Description { get; }

    public SdpParseError? Error { get; }

    [MemberNotNullWhen(true, nameof(Description))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Description is not null;

    internal static SdpParseResult Ok(SessionDescription description) => new(description, null);

    internal static SdpParseResult Fail(int line, string reason) => new(null, new SdpParseError(line, reason));
}
