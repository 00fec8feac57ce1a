namespace Switchboard.Media.Ice;

/// <summary>The result of one <see cref="IceLiteAgent.HandleBindingRequest"/> call.</summary>
/// <param name="Outcome">What happened, see <see cref="BindingOutcome"/>.</param>
/// <param name="ResponseLength">Bytes of the response to send back to the sender; 0 means send nothing.</param>
/// <param name="Nominated">The check carried USE-CANDIDATE and its tuple is now the selected one.</param>
/// <param name="SelectionChanged">The selected tuple changed with this check (first nomination or a move).</param>
public readonly record struct BindingResult(BindingOutcome Outcome, int ResponseLength, bool Nominated, bool SelectionChanged)
{
    /// <summary>Whether a response was written.</summary>
    public bool HasResponse => ResponseLength > 0;

    internal static BindingResult Dropped(BindingOutcome outcome) => new(outcome, 0, false, false);
}
