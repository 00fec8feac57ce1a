namespace Switchboard.Client;

/// <summary>
/// A request or connection that failed. <see cref="Code"/> is the protocol's error code (docs/protocol.md §6, e.g.
/// <c>invalid_room</c>) or one of the client's own codes in <see cref="SwitchboardErrorCodes"/> (<c>closed</c>,
/// <c>timeout</c>). Apps branch on the code; the message is for humans.
/// </summary>
public sealed class SwitchboardException : Exception
{
    public SwitchboardException(string code, string message, int? closeCode = null)
        : base(message)
    {
        Code = code;
        CloseCode = closeCode;
    }

    /// <summary>The error code: the server's, or <see cref="SwitchboardErrorCodes.Closed"/> / <see cref="SwitchboardErrorCodes.Timeout"/>.</summary>
    public string Code { get; }

    /// <summary>The WebSocket close code, when the failure is a connection the edge closed for good (e.g. 4003).</summary>
    public int? CloseCode { get; }
}
