using System.Net;
using Switchboard.Media.Ice;
using Switchboard.Media.Stun;

namespace Switchboard.Media.Tests.Ice;

/// <summary>
/// The responder on hostile input: mutated checks and random datagrams never throw, never nominate unless the check
/// is genuinely valid, and every datagram lands in exactly one counter. Fixed seeds.
/// </summary>
public sealed class IceLiteHostileInputTests
{
    private static readonly IPEndPoint From = new(IPAddress.Parse("198.51.100.1"), 40000);

    [Fact]
    public void MutatedChecks_NeverThrow_AndAreAllCounted()
    {
        var local = IceCredentials.Generate();
        var agent = new IceLiteAgent(local, new ManualTimeProvider(), remoteUfrag: "brws");
        var browser = new TestStunClient(local.Ufrag, local.Password, ownUfrag: "brws");
        var response = new byte[IceLiteAgent.MaxResponseLength];
        var random = new Random(8445);
        const int trials = 20_000;

        for (var trial = 0; trial < trials; trial++)
        {
            var request = browser.BuildRequest(useCandidate: true);
            var mutated = random.Next(3) switch
            {
                0 => Flip(request, random),
                1 => request.AsSpan(0, random.Next(request.Length)).ToArray(),
                _ => RandomBytes(random),
            };

            var result = agent.HandleBindingRequest(mutated, From, response);

            if (result.HasResponse)
            {
                Assert.True(StunMessageReader.TryParse(response.AsSpan(0, result.ResponseLength), out var message));
                Assert.True(message.VerifyFingerprint());
            }
        }

        Assert.Equal(trials, Enum.GetValues<BindingOutcome>().Sum(agent.GetCount));
        Assert.Null(agent.SelectedEndPoint);
    }

    private static byte[] Flip(byte[] request, Random random)
    {
        var mutated = (byte[])request.Clone();
        mutated[random.Next(mutated.Length)] ^= (byte)random.Next(1, 256);
        return mutated;
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 160)];
        random.NextBytes(bytes);
        if (bytes.Length >= 8 && random.Next(2) == 0)
        {
            bytes[0] &= 0x03; // make it look like STUN so it gets past IsStun
            bytes[4] = 0x21;
            bytes[5] = 0x12;
            bytes[6] = 0xA4;
            bytes[7] = 0x42;
        }

        return bytes;
    }
}
