using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Chat.Server.Web;

/// <summary>Which proxies are believed about the client's address and scheme besides loopback (section <c>Proxy</c>).</summary>
internal sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "Proxy";

    /// <summary>Networks in CIDR notation, e.g. <c>172.16.0.0/12</c> for a compose network.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _))
            .Select(n => new ValidationResult($"'{n}' is not a network in CIDR notation (e.g. 172.16.0.0/12).", [nameof(KnownNetworks)]));
}
