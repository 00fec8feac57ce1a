using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Switchboard.Edge.Authorization;

/// <summary>
/// Asks the application whether a user may act on a room or message a user: <c>POST</c> to
/// <c>Switchboard:Authorization:Hook:Url</c> with <c>{"user","action","room"|"to"}</c>, expecting
/// <c>200 {"allow": bool}</c>. Answers (allow and deny) are cached for <c>CacheDuration</c>, so a user's repeated
/// publishes cost one call; concurrent asks for the same thing share one call. Anything but a well-formed answer in
/// time is "no answer" (null): never cached, never treated as allowed.
/// </summary>
public sealed class AuthorizationHook : IDisposable
{
    private readonly AuthorizationHookOptions _options;
    private readonly HttpClient? _http;
    private readonly MemoryCache? _cache;
    private readonly ILogger<AuthorizationHook> _logger;
    private readonly Dictionary<string, Task<bool?>> _inFlight = new(StringComparer.Ordinal);

    public AuthorizationHook(IOptions<AuthorizationOptions> options, ILogger<AuthorizationHook> logger)
    {
        _options = options.Value.Hook;
        _logger = logger;
        if (string.IsNullOrWhiteSpace(_options.Url)) return;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = _options.Timeout };
        if (!string.IsNullOrEmpty(_options.Secret)) _http.DefaultRequestHeaders.Authorization = new("Bearer", _options.Secret);
        if (_options.CacheDuration > TimeSpan.Zero) _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.CacheSize });
    }

    public bool IsConfigured => _http is not null;

    /// <summary>True or false as the application answered (possibly from the cache); null when it did not answer.</summary>
    public async Task<bool?> AskAsync(string user, string action, string field, string target, CancellationToken cancellationToken)
    {
        var key = string.Concat(action, "\n", user, "\n", target);
        if (_cache is not null && _cache.TryGetValue(key, out bool cached)) return cached;
        Task<bool?> call;
        lock (_inFlight)
        {
            if (!_inFlight.TryGetValue(key, out call!))
            {
                call = CallAsync(key, user, action, field, target);
                _inFlight[key] = call;
            }
        }

        return await call.WaitAsync(cancellationToken);
    }

    private async Task<bool?> CallAsync(string key, string user, string action, string field, string target)
    {
        await Task.Yield(); // leave the caller's lock before doing anything else
        try
        {
            var body = new Dictionary<string, string> { ["user"] = user, ["action"] = action, [field] = target };
            using var response = await _http!.PostAsJsonAsync(_options.Url, body);
            if (!response.IsSuccessStatusCode)
            {
                EdgeLog.AuthorizationHookFailed(_logger, null, $"HTTP {(int)response.StatusCode}");
                return null;
            }

            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("allow", out var allow) || allow.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                EdgeLog.AuthorizationHookFailed(_logger, null, "the answer is not {\"allow\": true|false}");
                return null;
            }

            var allowed = allow.GetBoolean();
            _cache?.Set(key, allowed, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _options.CacheDuration });
            return allowed;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or NotSupportedException)
        {
            EdgeLog.AuthorizationHookFailed(_logger, ex, ex is TaskCanceledException ? $"no answer within {_options.Timeout.TotalSeconds:0.###} s" : ex.GetType().Name);
            return null;
        }
        finally
        {
            lock (_inFlight) _inFlight.Remove(key);
        }
    }

    public void Dispose()
    {
        _http?.Dispose();
        _cache?.Dispose();
    }
}
