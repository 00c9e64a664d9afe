namespace Chat.Server.Web;

/// <summary>An origin as browsers compare them (RFC 6454): scheme, host and port, nothing else.</summary>
internal static class WebOrigin
{
    /// <summary><c>scheme://host[:port]</c> in lower case, the host in its ASCII (punycode) form and a default
    /// port left out; null for anything that is no http(s) origin: "null" (sandboxed pages), a path, user info.</summary>
    public static string? Normalise(string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.UserInfo.Length > 0 || uri.PathAndQuery != "/" || uri.Fragment.Length > 0)
        {
            return null;
        }

        var host = uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost}]" : uri.IdnHost;
        return uri.IsDefaultPort ? $"{uri.Scheme}://{host}" : $"{uri.Scheme}://{host}:{uri.Port}";
    }

    /// <summary>The origin of the page this request came from had it been served by this node: the scheme the
    /// client used (behind a trusted proxy, its X-Forwarded-Proto) and the Host it asked for.</summary>
    public static string? Of(HttpRequest request) =>
        request.Host.HasValue ? Normalise($"{request.Scheme}://{request.Host.Value}") : null;
}
