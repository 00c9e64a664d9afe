using Microsoft.AspNetCore.HttpOverrides;

namespace Chat.Server.Web;

internal static class ProxyExtensions
{
    /// <summary>Behind nginx the client's address and scheme come from X-Forwarded-*; they are believed
    /// only from loopback and from the networks in <c>Proxy:KnownNetworks</c> (e.g. a compose network),
    /// so a client cannot claim another address to dodge the per-address limits.</summary>
    public static WebApplication UseChatForwardedHeaders(this WebApplication app)
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        foreach (var network in app.Configuration.GetSection("Proxy:KnownNetworks").Get<string[]>() ?? [])
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        app.UseForwardedHeaders(options);
        return app;
    }
}
