using Microsoft.Extensions.Options;

namespace Chat.Server.Web;

internal static class SecurityExtensions
{
    private const string PageContentPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    /// <summary>The one inline style Swagger UI 5 (Swashbuckle 9) renders: the &lt;style&gt; of its top bar's logo
    /// SVG. Allowed by its hash; the browser test (Chat.Web/e2e/swagger.test.ts) fails if an upgrade changes it.</summary>
    private const string SwaggerLogoStyle = ".logo_small_svg__cls-2{fill:#fff}.logo_small_svg__cls-3{fill:#85ea2d}";

    /// <summary>Swagger UI shares the page's origin, and so its localStorage with the refresh token. What it
    /// needs: Swashbuckle 9 serves its bootstrap as index.js and index.css (no inline script), its stylesheet
    /// has data: images, and "Try it out" fetches this origin. Nothing else, not even fonts or frames.</summary>
    private static readonly string SwaggerContentPolicy =
        $"default-src 'none'; script-src 'self'; style-src 'self' '{Sha256(SwaggerLogoStyle)}'; img-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'";

    /// <summary>Headers that keep a page that shows other people's text safe: no inline script, no
    /// framing, no MIME sniffing.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/swagger")
                ? SwaggerContentPolicy : PageContentPolicy;

            return next(context);
        });
        return app;
    }

    /// <summary>CORS does not cover WebSockets, so a page on another site could open the hub with the
    /// user's cookies or a stolen token (cross-site WebSocket hijacking). Browsers always send Origin:
    /// the hub accepts its own origin (scheme, host and port; behind nginx the forwarded scheme) and those
    /// in <c>Hub:AllowedOrigins</c>. Requests without Origin come from non-browser clients (console client,
    /// load generator) and are accepted.</summary>
    public static IServiceCollection AddHubOriginCheck(this IServiceCollection services)
    {
        services.AddOptions<HubOriginOptions>().BindConfiguration(HubOriginOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    public static WebApplication UseHubOriginCheck(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<HubOriginOptions>>().Value;
        var allowed = options.AllowedOrigins.Select(o => WebOrigin.Normalise(o)!).ToHashSet(StringComparer.Ordinal);
        // Not async: an awaiting frame here would stay in memory as long as each hub connection.
        app.Use((context, next) =>
        {
            var request = context.Request;
            var origin = request.Headers.Origin.ToString();
            if (request.Path.StartsWithSegments("/hubs") && origin.Length > 0 && !IsAllowed(origin, request, allowed))
            {
                return TypedResults.Problem(title: $"Connections from {origin} are not allowed.", statusCode: StatusCodes.Status403Forbidden)
                    .ExecuteAsync(context);
            }

            return next(context);
        });
        return app;
    }

    private static bool IsAllowed(string origin, HttpRequest request, HashSet<string> allowed) =>
        WebOrigin.Normalise(origin) is { } normalised && (normalised == WebOrigin.Of(request) || allowed.Contains(normalised));

    private static string Sha256(string text) =>
        "sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
