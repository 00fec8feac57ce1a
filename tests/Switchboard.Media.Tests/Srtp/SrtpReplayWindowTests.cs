using Switchboard.Media.Srtp;

namespace Switchboard.Media.Tests.Srtp;

/// <summary>The sliding window of RFC 3711 §3.3.2 on its own.</summary>
public sealed class SrtpReplayWindowTests
{
    [Fact]
    public void Window_AcceptsNewIndices_RejectsSeenAndTooOldOnes()
    {
        SrtpReplayWindow window = new(64);
        window.Accept(1000);

        Assert.Equal(SrtpResult.Replayed, window.Check(1000));
        Assert.Equal(SrtpResult.Ok, window.Check(1001));
        Assert.Equal(SrtpResult.Ok, window.Check(999)); // inside the window, never seen
        Assert.Equal(SrtpResult.Ok, window.Check(937)); // 63 behind: last slot of the window
        Assert.Equal(SrtpResult.TooOld, window.Check(936)); // 64 behind
    }

    [Fact]
    public void SlidingForward_ForgetsTheSlotsItPasses()
    {
        SrtpReplayWindow window = new(64);
        window.Accept(10);
        window.Accept(11);
        window.Accept(74); // slot of 10 reused for 74; 11 is now 63 behind

        Assert.Equal(SrtpResult.TooOld, window.Check(10));
        Assert.Equal(SrtpResult.Replayed, window.Check(11));
        Assert.Equal(SrtpResult.Ok, window.Check(12));
        Assert.Equal(SrtpResult.Replayed, window.Check(74));
    }

    [Fact]
    public void JumpBeyondTheWindow_ClearsEverything()
    {
        SrtpReplayWindow window = new(128);
        for (ulong i = 0; i < 128; i++)
        {
            window.Accept(i);
        }

        window.Accept(10_000);

        for (ulong i = 10_000 - 127; i < 10_000; i++)
        {
            Assert.Equal(SrtpResult.Ok, window.Check(i));
        }
    }

    [Fact]
    public void Size_IsRoundedUpToWholeWords()
    {
        Assert.Equal(128, new SrtpReplayWindow(100).Size);
        Assert.Equal(1024, new SrtpReplayWindow(1024).Size);
    }
}
