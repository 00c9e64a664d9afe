using Chat.Server;
using Chat.Server.Data;
using Chat.Server.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chat.Tests.Unit;

public sealed class StartupOptionsTests
{
    private static WebApplicationBuilder Builder(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        return builder;
    }

    [Fact]
    public void ASectionReadAtStartIsTheOneEveryLaterReaderGets()
    {
        var builder = Builder(("Database:Provider", "MySql"), ("Database:ServerVersion", "8.0.36-mysql"));

        var first = builder.BindAtStartup<DatabaseOptions>(DatabaseOptions.Section);
        var second = builder.BindAtStartup<DatabaseOptions>(DatabaseOptions.Section);
        using var services = builder.Services.BuildServiceProvider();

        Assert.Same(first, second);
        Assert.Same(first, services.GetRequiredService<IOptions<DatabaseOptions>>().Value);
        Assert.Equal((DatabaseProvider.MySql, "8.0.36-mysql"), (first.Provider, first.ServerVersion));
    }

    [Fact]
    public void AnInvalidSectionStopsTheStartAndNamesTheSetting()
    {
        var builder = Builder(("Database:ServerVersion", ""));

        var refused = Assert.Throws<OptionsValidationException>(() => builder.BindAtStartup<DatabaseOptions>(DatabaseOptions.Section));

        Assert.Contains("Database:ServerVersion", refused.Message);
    }

    [Fact]
    public void KnownProxyNetworksAreTrustedAndAMistypedOneStopsTheStart()
    {
        var good = Builder(("Proxy:KnownNetworks:0", "172.16.0.0/12"));
        good.Services.AddChatForwardedHeaders();
        using var goodServices = good.Services.BuildServiceProvider();
        var forwarded = goodServices.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;

        var bad = Builder(("Proxy:KnownNetworks:0", "172.16.0.0/40"));
        bad.Services.AddChatForwardedHeaders();
        using var badServices = bad.Services.BuildServiceProvider();
        var refused = Assert.Throws<OptionsValidationException>(() => badServices.GetRequiredService<IOptions<ProxyOptions>>().Value);

        Assert.Contains(forwarded.KnownIPNetworks, n => n.ToString() == "172.16.0.0/12");
        Assert.Equal(ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, forwarded.ForwardedHeaders);
        Assert.Contains("172.16.0.0/40", refused.Message);
    }
}
