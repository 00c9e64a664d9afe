using System.ComponentModel.DataAnnotations;

namespace Chat.Server.Web;

/// <summary>Web origins besides the node's own whose pages may open the hub (section <c>Hub</c>).</summary>
internal sealed class HubOriginOptions : IValidatableObject
{
    public const string Section = "Hub";

    public string[] AllowedOrigins { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        AllowedOrigins.Where(origin => WebOrigin.Normalise(origin) is null).Select(origin => new ValidationResult(
            $"Hub:AllowedOrigins: \"{origin}\" is not a web origin; give scheme://host[:port] (http or https), nothing after it.",
            [nameof(AllowedOrigins)]));
}
