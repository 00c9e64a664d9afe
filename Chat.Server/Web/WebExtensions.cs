using System.Text.Json;
using Chat.Server.Observability;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;
using Microsoft.OpenApi.Models;

namespace Chat.Server.Web;

internal static class WebExtensions
{
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

    /// <summary>Every error is RFC 7807 problem+json; a body that cannot be read is the client's 400, never a 500.</summary>
    public static IServiceCollection AddChatProblemDetails(this IServiceCollection services)
    {
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (context.Exception is BadHttpRequestException bad)
            {
                context.ProblemDetails.Title = "The request could not be read: its body is not JSON of the expected shape.";
                context.ProblemDetails.Detail = bad.Message;
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

    /// <summary>Serves the chat page built into the output folder's wwwroot (see Chat.Server.csproj).</summary>
    public static IApplicationBuilder UseChatPage(this IApplicationBuilder app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(root))
        {
            var files = new PhysicalFileProvider(root);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        }

        return app;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }
}
