namespace Atrium.Api.Infrastructure.Http;

public static class ClientInfo
{
    /// <summary>The caller's address as the server saw it (behind a proxy, configure forwarded headers).</summary>
    public static string IpOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static string? UserAgentOf(HttpContext context)
    {
        var ua = context.Request.Headers.UserAgent.ToString();
        return string.IsNullOrWhiteSpace(ua) ? null : ua;
    }
}
