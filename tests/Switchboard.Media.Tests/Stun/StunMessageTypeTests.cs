using Switchboard.Media.Stun;

namespace Switchboard.Media.Tests.Stun;

/// <summary>RFC 8489 §5: the method and class bits interleave in the 14-bit type field.</summary>
public sealed class StunMessageTypeTests
{
    [Theory]
    [InlineData(StunClass.Request, 0x0001)]
    [InlineData(StunClass.Indication, 0x0011)]
    [InlineData(StunClass.SuccessResponse, 0x0101)]
    [InlineData(StunClass.ErrorResponse, 0x0111)]
    public void Binding_EncodesToTheRfcValues(StunClass messageClass, int expected)
    {
        var type = StunMessageType.Encode(StunMethod.Binding, messageClass);

        Assert.Equal(expected, type);
        Assert.Equal(StunMethod.Binding, StunMessageType.GetMethod(type));
        Assert.Equal(messageClass, StunMessageType.GetClass(type));
    }

    [Fact]
    public void EveryMethodAndClass_RoundTrips_AndKeepsTheTopTwoBitsZero()
    {
        for (var method = 0; method < 0x1000; method++)
        {
            foreach (var messageClass in Enum.GetValues<StunClass>())
            {
                var type = StunMessageType.Encode((StunMethod)method, messageClass);

                Assert.Equal(0, type & 0xC000);
                Assert.Equal((StunMethod)method, StunMessageType.GetMethod(type));
                Assert.Equal(messageClass, StunMessageType.GetClass(type));
            }
        }
    }

    [Fact]
    public void IsStun_WantsFirstByte0To3AndTheMagicCookie()
    {
        Assert.True(StunHeader.IsStun(Rfc5769Vectors.Request));

        var dtls = (byte[])Rfc5769Vectors.Request.Clone();
        dtls[0] = 22; // a DTLS handshake record, RFC 7983 §7
        Assert.False(StunHeader.IsStun(dtls));

        var noCookie = (byte[])Rfc5769Vectors.Request.Clone();
        noCookie[4] ^= 0x01;
        Assert.False(StunHeader.IsStun(noCookie));

        Assert.False(StunHeader.IsStun(Rfc5769Vectors.Request.AsSpan(0, StunHeader.Length - 1)));
        Assert.False(StunHeader.IsStun(ReadOnlySpan<byte>.Empty));
    }
}
