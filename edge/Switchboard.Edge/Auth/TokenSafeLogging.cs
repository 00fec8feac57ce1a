using Microsoft.Extensions.Options;

namespace Switchboard.Edge.Auth;

/// <summary>
/// Keeps access tokens out of the logs. Browsers can only send a token in the URL (<c>?access_token=</c>) on a WebSocket,
/// an EventSource and a poll, and ASP.NET Core's request logging (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c>:
/// "Request starting … ?access_token=…", at Information) and Kestrel's bad-request logging write the full URL. So those
/// two categories are switched off for every logging provider, whatever the configuration says (a configured level,
/// even a provider-specific one, is overridden: the rules added here come last and are at least as specific).
/// For access logs, log at a proxy that strips the query string.
/// </summary>
internal sealed class TokenSafeLogging : IPostConfigureOptions<LoggerFilterOptions>
{
    /// <summary>The categories that log request URLs.</summary>
    public static readonly string[] SilencedCategories =
    [
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        "Microsoft.AspNetCore.Server.Kestrel.BadRequests",
    ];

    public void PostConfigure(string? name, LoggerFilterOptions options)
    {
        var providers = options.Rules.Select(r => r.ProviderName).Append(null).Distinct().ToList();
        foreach (var provider in providers)
        {
            foreach (var category in SilencedCategories)
            {
                options.Rules.Add(new LoggerFilterRule(provider, category, LogLevel.None, null));
            }
        }
    }
}
