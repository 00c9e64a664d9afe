using Microsoft.AspNetCore.Diagnostics;

namespace Chat.Server.Observability;

/// <summary>A REST request that was refused (a 4xx problem: bad input, a service refusal, no token) is logged
/// once at Information with its route, status and title. Titles are the server's own words, and the route is
/// the pattern, not the path, so nothing the client sent is echoed.</summary>
internal static class RefusedRequestLog
{
    public static void Write(ProblemDetailsContext problem)
    {
        var http = problem.HttpContext;
        var status = problem.ProblemDetails.Status ?? http.Response.StatusCode;
        // Failures are the exception handler's to log, with their exception.
        if (status >= StatusCodes.Status500InternalServerError)
        {
            return;
        }

        // An unreadable body reaches here through the exception handler, which has put the endpoint aside.
        var endpoint = http.GetEndpoint() ?? http.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RefusedRequestLog))
            .LogInformation("{HttpMethod} {Route} refused with {StatusCode}: {Reason}", http.Request.Method, route, status, problem.ProblemDetails.Title);
    }
}
