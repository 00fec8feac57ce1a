using Switchboard.Media.Ice;

namespace Switchboard.Media.Tests.Ice;

/// <summary>RFC 8839 §5.4 syntax and RFC 8445 §5.3 randomness for local credentials.</summary>
public sealed class IceCredentialsTests
{
    [Fact]
    public void Generated_AreIceCharsOfTheDocumentedLengths_AndDifferEachTime()
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 100; i++)
        {
            var credentials = IceCredentials.Generate();

            Assert.Equal(IceCredentials.GeneratedUfragLength, credentials.Ufrag.Length);
            Assert.Equal(IceCredentials.GeneratedPasswordLength, credentials.Password.Length);
            Assert.True(credentials.Ufrag.Length >= IceCredentials.MinUfragLength);
            Assert.True(credentials.Password.Length >= IceCredentials.MinPasswordLength);
            Assert.All(credentials.Ufrag + credentials.Password, c => Assert.Contains(c, IceCredentials.IceChars));
            Assert.True(seen.Add(credentials.Ufrag + credentials.Password));
        }
    }

    [Theory]
    [InlineData("abc", "abcdefghijklmnopqrstuv")] // ufrag too short
    [InlineData("abcd", "abcdefghijklmnopqrstu")] // password too short
    [InlineData("ab:d", "abcdefghijklmnopqrstuv")] // ':' would break USERNAME
    [InlineData("abcd", "abcdefghijklmnopqrstu ")]
    public void InvalidCredentials_AreRefused(string ufrag, string password)
    {
        Assert.Throws<ArgumentException>(() => new IceCredentials(ufrag, password));
    }

    [Fact]
    public void ToString_NeverShowsThePassword()
    {
        var credentials = IceCredentials.Generate();

        Assert.DoesNotContain(credentials.Password, credentials.ToString(), StringComparison.Ordinal);
        Assert.Contains(credentials.Ufrag, credentials.ToString(), StringComparison.Ordinal);
    }
}
