namespace Switchboard.Client;

/// <summary>How one connection ended, which decides what the client does next.</summary>
/// <param name="Code">The close code (<see cref="CloseCodes.Abnormal"/> when there was none).</param>
/// <param name="Refusal">The edge refused the hello: the same hello would be refused again.</param>
internal readonly record struct ConnectionEnd(int Code, string Reason, SwitchboardException? Refusal = null)
{
    /// <summary>Reconnect and resume; otherwise the client closes for good.</summary>
    public bool Resumable => Refusal is null && CloseCodes.IsResumable(Code);

    public static ConnectionEnd Lost(string reason) => new(CloseCodes.Abnormal, reason);
}
