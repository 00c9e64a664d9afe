namespace Chat.Server.Web;

internal static class SecurityExtensions
{
    private const string PageContentPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    /// <summary>Headers that keep a page that shows other people's text safe: no inline script, no
    /// framing, no MIME sniffing. Swagger UI uses inline code, so it gets the other headers only.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (!context.Request.Path.StartsWithSegments("/swagger"))
            {
                headers.ContentSecurityPolicy = PageContentPolicy;
            }

            return next(context);
        });
        return app;
    }

    /// <summary>CORS does not cover WebSockets, so a page on another site could open the hub with the
    /// user's cookies or a stolen token (cross-site WebSocket hijacking). Browsers always send Origin:
    /// the hub accepts its own origin and those in <c>Hub:AllowedOrigins</c>. Requests without Origin
    /// come from non-browser clients (console client, load generator) and are accepted.</summary>
    public static WebApplication UseHubOriginCheck(this WebApplication app)
    {
        var allowed = app.Configuration.GetSection("Hub:AllowedOrigins").Get<string[]>() ?? [];
        // Not async: an awaiting frame here would stay in memory as long as each hub connection.
        app.Use((context, next) =>
        {
            var origin = context.Request.Headers.Origin.ToString();
            if (context.Request.Path.StartsWithSegments("/hubs") && origin.Length > 0
                && !IsSameOrigin(origin, context.Request) && !allowed.Contains(origin, StringComparer.OrdinalIgnoreCase))
            {
                return TypedResults.Problem(title: $"Connections from {origin} are not allowed.", statusCode: StatusCodes.Status403Forbidden)
                    .ExecuteAsync(context);
            }

            return next(context);
        });
        return app;
    }

    private static bool IsSameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
