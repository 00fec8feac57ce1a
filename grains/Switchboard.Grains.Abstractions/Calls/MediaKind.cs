namespace Switchboard.Grains.Calls;

/// <summary>What a published track carries (an SDP m-section's media, RFC 8866 §5.14).</summary>
[GenerateSerializer, Alias("sb.MediaKind")]
public enum MediaKind
{
    Audio = 0,
    Video = 1,
}
