using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Switchboard.Edge.Auth;

/// <summary>
/// The signing keys published at <c>Switchboard:Auth:JwksUrl</c> (an identity provider's <c>jwks_uri</c>): fetched at
/// start, again every <c>JwksRefreshInterval</c>, and at once when a token names a <c>kid</c> the edge does not know
/// (a key rotation), at most once per <c>JwksMinRefetchInterval</c> so unknown kids cannot make the edge hammer the
/// provider. A failed fetch keeps the last good keys. The edge is not ready (<c>/healthz/ready</c>) until the first
/// fetch succeeded, so a load balancer sends it no clients whose tokens it could not check.
/// </summary>
public sealed class JwksUrlKeys : BackgroundService, IHealthCheck
{
    private readonly AuthOptions _options;
    private readonly ILogger<JwksUrlKeys> _logger;
    private readonly HttpClient? _http;
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private IReadOnlyList<SecurityKey> _keys = [];
    private long _lastAttempt = long.MinValue; // Environment.TickCount64 of the last fetch attempt

    public JwksUrlKeys(IOptions<AuthOptions> options, ILogger<JwksUrlKeys> logger)
    {
        _options = options.Value;
        _logger = logger;
        if (IsConfigured) _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
    }

    public bool IsConfigured => _options.IsJwt && !string.IsNullOrWhiteSpace(_options.JwksUrl);

    /// <summary>The keys of the last successful fetch (none before it).</summary>
    public IReadOnlyList<SecurityKey> Current => Volatile.Read(ref _keys);

    /// <summary>Whether a token's <c>kid</c> names no key the edge has (so fetching the set again may find it).</summary>
    public bool IsUnknownKid(string? kid)
    {
        if (!IsConfigured || string.IsNullOrEmpty(kid)) return false;
        foreach (var key in Current)
        {
            if (string.Equals(key.KeyId, kid, StringComparison.Ordinal)) return false;
        }

        return true;
    }

    /// <summary>Whether at least one fetch succeeded.</summary>
    public bool Loaded { get; private set; }

    /// <summary>
    /// A token named a key the edge does not have: fetch again unless the last attempt was less than
    /// <c>JwksMinRefetchInterval</c> ago. True when new keys were fetched (validate once more).
    /// </summary>
    public async Task<bool> RefetchForUnknownKeyAsync(CancellationToken cancellationToken)
    {
        if (!IsConfigured) return false;
        if (Environment.TickCount64 - Interlocked.Read(ref _lastAttempt) < (long)_options.JwksMinRefetchInterval.TotalMilliseconds) return false;
        return await FetchAsync(onlyIfDue: true, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!IsConfigured) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            var fetched = await FetchAsync(onlyIfDue: false, stoppingToken);
            // Until the first success, retry soon: the edge is not ready without keys.
            var wait = fetched || Loaded ? _options.JwksRefreshInterval : TimeSpan.FromSeconds(Math.Min(5, _options.JwksRefreshInterval.TotalSeconds));
            try
            {
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> FetchAsync(bool onlyIfDue, CancellationToken cancellationToken)
    {
        await _fetching.WaitAsync(cancellationToken);
        try
        {
            // Several tokens with a new kid at once: the first one fetches, the others find the keys fresh.
            if (onlyIfDue && Environment.TickCount64 - Interlocked.Read(ref _lastAttempt) < (long)_options.JwksMinRefetchInterval.TotalMilliseconds) return true;
            Interlocked.Exchange(ref _lastAttempt, Environment.TickCount64);
            string json;
            try
            {
                json = await _http!.GetStringAsync(_options.JwksUrl, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                EdgeLog.JwksFetchFailed(_logger, ex, _options.JwksUrl!, Current.Count);
                return false;
            }

            if (SigningKeys.TryReadJwks(json, out var keys) is { } error)
            {
                EdgeLog.JwksFetchFailed(_logger, new InvalidDataException(error), _options.JwksUrl!, Current.Count);
                return false;
            }

            Volatile.Write(ref _keys, keys!.ToList());
            Loaded = true;
            EdgeLog.JwksFetched(_logger, _options.JwksUrl!, keys!.Count);
            return true;
        }
        finally
        {
            _fetching.Release();
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!IsConfigured || Loaded
            ? HealthCheckResult.Healthy(IsConfigured ? $"{Current.Count} key(s) from the JWKS URL" : "no JWKS URL")
            : HealthCheckResult.Unhealthy("the JWKS URL has not been fetched yet: tokens signed by its keys cannot be checked"));

    public override void Dispose()
    {
        _http?.Dispose();
        _fetching.Dispose();
        base.Dispose();
    }
}
