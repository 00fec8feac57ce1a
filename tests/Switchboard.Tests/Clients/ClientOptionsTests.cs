using Switchboard.Client;

namespace Switchboard.Tests.Clients;

/// <summary>Options are checked when the client is created, and a bad one is named in the error.</summary>
public sealed class ClientOptionsTests
{
    [Fact]
    public async Task DefaultOptions_AreThoseOfTheBrowserClient_AndValid()
    {
        var options = new SwitchboardClientOptions();
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.MinReconnectDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), options.MaxReconnectDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), options.PingInterval);
        Assert.Equal(TimeSpan.FromSeconds(25), options.SilenceLimit);
        Assert.Equal(TimeSpan.FromSeconds(10), options.OpenTimeout);
        Assert.Equal(3, options.MaxUnavailableRetries);
        Assert.Null(options.Device);

        await using var client = new SwitchboardClient(options);
        Assert.Equal(ConnectionState.Idle, client.State);
    }

    [Theory]
    [InlineData(nameof(SwitchboardClientOptions.MinReconnectDelay))]
    [InlineData(nameof(SwitchboardClientOptions.MaxReconnectDelay))]
    [InlineData(nameof(SwitchboardClientOptions.RequestTimeout))]
    [InlineData(nameof(SwitchboardClientOptions.PingInterval))]
    [InlineData(nameof(SwitchboardClientOptions.SilenceLimit))]
    [InlineData(nameof(SwitchboardClientOptions.OpenTimeout))]
    [InlineData(nameof(SwitchboardClientOptions.Device))]
    [InlineData(nameof(SwitchboardClientOptions.InboxCursor))]
    [InlineData(nameof(SwitchboardClientOptions.MaxUnavailableRetries))]
    [InlineData(nameof(SwitchboardClientOptions.EventBufferCapacity))]
    public void AnOptionOutOfRange_IsRejectedWhenTheClientIsCreated_WithAMessageNamingIt(string setting)
    {
        var options = setting switch
        {
            nameof(SwitchboardClientOptions.MinReconnectDelay) => new SwitchboardClientOptions { MinReconnectDelay = TimeSpan.Zero },
            nameof(SwitchboardClientOptions.MaxReconnectDelay) => new SwitchboardClientOptions { MinReconnectDelay = TimeSpan.FromSeconds(2), MaxReconnectDelay = TimeSpan.FromSeconds(1) },
            nameof(SwitchboardClientOptions.RequestTimeout) => new SwitchboardClientOptions { RequestTimeout = TimeSpan.FromSeconds(-1) },
            nameof(SwitchboardClientOptions.PingInterval) => new SwitchboardClientOptions { PingInterval = TimeSpan.Zero },
            nameof(SwitchboardClientOptions.SilenceLimit) => new SwitchboardClientOptions { PingInterval = TimeSpan.FromSeconds(10), SilenceLimit = TimeSpan.FromSeconds(10) },
            nameof(SwitchboardClientOptions.OpenTimeout) => new SwitchboardClientOptions { OpenTimeout = TimeSpan.Zero },
            nameof(SwitchboardClientOptions.Device) => new SwitchboardClientOptions { Device = "my phone!" },
            nameof(SwitchboardClientOptions.InboxCursor) => new SwitchboardClientOptions { InboxCursor = new LogCursor(-1, "e") },
            nameof(SwitchboardClientOptions.MaxUnavailableRetries) => new SwitchboardClientOptions { MaxUnavailableRetries = -1 },
            nameof(SwitchboardClientOptions.EventBufferCapacity) => new SwitchboardClientOptions { EventBufferCapacity = 0 },
            _ => throw new ArgumentOutOfRangeException(nameof(setting)),
        };

        var error = Assert.Throws<ArgumentException>(() => new SwitchboardClient(options));
        Assert.Equal("options", error.ParamName);
        Assert.Contains(setting, error.Message);
    }

    [Fact]
    public void SeveralBadOptions_AreAllListedInOneError()
    {
        var error = Assert.Throws<ArgumentException>(() => new SwitchboardClient(new SwitchboardClientOptions
        {
            OpenTimeout = TimeSpan.Zero,
            Device = "",
            EventBufferCapacity = -5,
        }));
        Assert.Contains(nameof(SwitchboardClientOptions.OpenTimeout), error.Message);
        Assert.Contains(nameof(SwitchboardClientOptions.Device), error.Message);
        Assert.Contains(nameof(SwitchboardClientOptions.EventBufferCapacity), error.Message);
    }

    [Fact]
    public void InfiniteRequestTimeout_IsAllowed()
    {
        _ = new SwitchboardClient(new SwitchboardClientOptions { RequestTimeout = Timeout.InfiniteTimeSpan });
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:1/v1/ws")]
    [InlineData("/v1/ws")]
    public async Task AnEdgeUrlThatIsNotAbsoluteWebSocketOrHttp_IsRejectedByConnect(string url)
    {
        await using var client = new SwitchboardClient();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.ConnectAsync(new Uri(url, UriKind.RelativeOrAbsolute), "someone"));
        Assert.Contains(url, error.Message);
        Assert.Equal(ConnectionState.Idle, client.State);
    }

    [Fact]
    public async Task AcknowledgingProcessedEntriesWithoutADevice_IsRejectedBeforeAnythingIsSent()
    {
        await using var client = new SwitchboardClient();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.AcknowledgeProcessedAsync("room", 1));
        Assert.Contains(nameof(SwitchboardClientOptions.Device), error.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.AcknowledgeInboxProcessedAsync(1));
    }
}
