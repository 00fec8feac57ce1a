namespace Switchboard.Edge.Protocol;

/// <summary>Field checks every transport applies the same way; each returns the error reply, or null when the field is fine.</summary>
public static class FrameChecks
{
    public const int MaxClientMessageIdLength = 128;

    /// <summary>A required room or user name.</summary>
    public static Reply? Name(InboundFrame frame, string? value, string field, string invalidCode, string what)
    {
        if (value is null) return Reply.Error(frame.Id, ErrorCodes.MissingField, $"Field '{field}' is required.");
        if (!Names.IsValid(value))
        {
            return Reply.Error(frame.Id, invalidCode, $"{what} '{Truncate(value)}' is invalid: 1-{Names.MaxLength} characters from A-Z a-z 0-9 _ - . : @.");
        }

        return null;
    }

    public static Reply? Room(InboundFrame frame) => Name(frame, frame.Room, "room", ErrorCodes.InvalidRoom, "Room name");

    public static Reply? User(InboundFrame frame, string? user, string field) => Name(frame, user, field, ErrorCodes.InvalidUser, "User id");

    /// <summary>A publish's or direct message's <c>data</c> and <c>cid</c>.</summary>
    public static Reply? Payload(InboundFrame frame)
    {
        if (frame.Data is null) return Reply.Error(frame.Id, ErrorCodes.MissingField, "Field 'data' is required.");
        if (frame.Cid is { Length: 0 or > MaxClientMessageIdLength })
        {
            return Reply.Error(frame.Id, ErrorCodes.InvalidField, $"Field 'cid' must be 1-{MaxClientMessageIdLength} characters.");
        }

        return null;
    }

    public static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
