using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Chat.Server.Web;

internal static class ProxyExtensions
{
    /// <summary>Behind nginx the client's address and scheme come from X-Forwarded-*; they are believed
    /// only from loopback and from <see cref="ProxyOptions.KnownNetworks"/>, so a client cannot claim
    /// another address to dodge the per-address limits.</summary>
    public static IServiceCollection AddChatForwardedHeaders(this IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxy) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var network in proxy.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }
}
