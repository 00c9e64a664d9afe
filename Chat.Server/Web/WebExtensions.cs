using System.Text.Json;
using Chat.Server.Observability;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.StaticWebAssets;
using Microsoft.Extensions.FileProviders;
using Microsoft.OpenApi.Models;

namespace Chat.Server.Web;

internal static partial class WebExtensions
{
    private const string ReloadStaticAssetsAtRuntime = "ReloadStaticAssetsAtRuntime";

    [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"(?<type>[^ \"]+) (?<name>[^ \"]+)\" from ")]
    private static partial System.Text.RegularExpressions.Regex UnboundParameter();

    public static IServiceCollection AddChatApiDocs(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc("v1", new OpenApiInfo { Title = "Chat", Version = "v1" });
            var bearer = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The accessToken from POST /api/account/login.",
                Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = "Bearer" },
            };
            swagger.AddSecurityDefinition("Bearer", bearer);
            swagger.OperationFilter<BearerOnSecuredRoutes>();
        });
        return services;
    }

    /// <summary>Request bodies as strict as the contract: JSON with a key given twice is refused (which of the
    /// two counts would otherwise be the parser's choice), and no body is larger than a route needs.</summary>
    public static WebApplicationBuilder AddStrictRequests(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.AllowDuplicateProperties = false);
        // The largest JSON body of the contract is a group's name and description; nginx also stops at 64 KB.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxBodyBytes);
        return builder;
    }

    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Every error is RFC 7807 problem+json; a body that cannot be read is the client's 400, never a 500.</summary>
    public static IServiceCollection AddChatProblemDetails(this IServiceCollection services)
    {
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (context.Exception is BadHttpRequestException bad)
            {
                if (UnboundParameter().Match(bad.Message) is { Success: true } unbound)
                {
                    // A query or route value of the wrong type: named in `errors`, as validation names fields.
                    var name = unbound.Groups["name"].Value;
                    context.ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]>
                    {
                        [name] = [$"{name} is not a valid {unbound.Groups["type"].Value}."],
                    })
                    { Status = bad.StatusCode, Title = "One or more values are not of the expected type." };
                }
                else
                {
                    context.ProblemDetails.Title = "The request could not be read: its body is not JSON of the expected shape.";
                    context.ProblemDetails.Detail = bad.Message;
                }
            }

            // Field names in `errors` follow the JSON the client sent (camelCase), not the C# properties.
            if (context.ProblemDetails is HttpValidationProblemDetails validation)
            {
                var errors = validation.Errors.ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => e.Value);
                validation.Errors.Clear();
                foreach (var (key, messages) in errors)
                {
                    validation.Errors[key] = messages;
                }
            }

            RefusedRequestLog.Write(context);
        });
    }

    public static IApplicationBuilder UseChatExceptionHandler(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            // An unreadable request is the client's mistake: RefusedRequestLog notes it, not an error with a stack trace.
            SuppressDiagnosticsCallback = handled => handled.Exception is BadHttpRequestException,
        });
        return app;
    }

    /// <summary>Serves the chat page at /: MapStaticAssets has no default document, so / is rewritten to
    /// /index.html here, before UseRouting picks the endpoint (see MapChatPage).</summary>
    public static IApplicationBuilder UseChatPage(this IApplicationBuilder app) => app.UseDefaultFiles();

    /// <summary>The chat page (Chat.Web) as endpoints from the static web assets manifest (see Chat.Server.csproj):
    /// content ETags, precompressed brotli and gzip, and Vite's hashed files cached for a year as immutable.</summary>
    public static WebApplication MapChatPage(this WebApplication app)
    {
        // Next to Chat.Server.dll, not under the working folder: nodes are started from anywhere.
        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        // index.html, not the folder: an older build may have left an empty wwwroot behind.
        if (File.Exists(Path.Combine(root, "index.html")))
        {
            app.Environment.WebRootFileProvider = new PhysicalFileProvider(root);
        }
        else
        {
            // WebApplicationFactory runs Chat.Server.dll from the test project's folder, which has the build's
            // manifests but not its wwwroot: the runtime manifest points at the files, as in Development.
            StaticWebAssetsLoader.UseStaticWebAssets(app.Environment, app.Configuration);
        }

        // From a build's manifest (bin, not publish) the SDK would otherwise patch every endpoint at run time: no
        // caching, files that differ from the manifest re-read and re-compressed. A node from bin (the tests, the
        // browser tests, dotnet run) serves the page exactly as a published one; true brings the patching back.
        app.Configuration[ReloadStaticAssetsAtRuntime] ??= bool.FalseString;
        app.MapStaticAssets();
        return app;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }
}
