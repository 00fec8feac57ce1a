namespace Switchboard.Tests.Support;

/// <summary>One embedded server shared by a test class; tests use their own rooms and users.</summary>
public class EmbeddedServerFixture : IAsyncLifetime
{
    private EdgeServer? _server;

    public EdgeServer Server => _server ?? throw new InvalidOperationException("Not started.");

    protected virtual string[] Settings => [];

    public async Task InitializeAsync() => _server = await EdgeServer.StartAsync(Settings);

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
