using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Chat.Server.Web;

/// <summary>Marks only the routes that need a token as needing one (register and login do not).</summary>
internal sealed class BearerOnSecuredRoutes : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
        {
            return;
        }

        var bearer = new OpenApiSecurityScheme { Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = "Bearer" } };
        operation.Security = [new OpenApiSecurityRequirement { [bearer] = [] }];
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid access token." });
    }
}
