using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Chat.Tests.Infrastructure;
using Chat.Tests.Infrastructure.Cluster;

namespace Chat.Tests.Integration.Cluster;

/// <summary>An operator makes themselves admin with the command against the cluster's MariaDB; disabling an
/// account, resetting its password or deleting it then closes its connections on every node.</summary>
public sealed partial class ClusterTests
{
    [Fact]
    public async Task DisablingAResetOrADeletionClosesTheUsersConnectionsOnEveryNodeWithinTwoSeconds()
    {
        var operatorName = ChatAppFactory.UniqueName("operator");
        await cluster.RegisterAndLoginAsync(operatorName);
        var granted = await cluster.AdminCommandAsync("admin", "grant", operatorName);
        Assert.True(granted.ExitCode == 0, granted.Output);
        var admin = await cluster.LoginAsync(operatorName);
        using var http = ClusterFixture.Http(cluster.Nginx.Uri, admin.AccessToken);
        var timings = new List<string>();

        foreach (var action in new[] { "disable", "reset", "delete" })
        {
            var user = await cluster.UserAsync(action);
            var connections = new List<ClusterClient>();
            foreach (var node in cluster.Nodes)
            {
                connections.Add(await new ClusterClient(user.Tokens).ConnectAsync(node.Uri));
            }

            var clock = Stopwatch.StartNew();
            var answer = action switch
            {
                "disable" => await http.PutAsJsonAsync($"/api/admin/users/{user.Id}/disabled", new { disabled = true }),
                "reset" => await http.PutAsJsonAsync($"/api/admin/users/{user.Id}/password", new { password = "set by the operator" }),
                _ => await http.DeleteAsync($"/api/admin/users/{user.Id}"),
            };
            answer.EnsureSuccessStatusCode();
            await Task.WhenAll(connections.Select(c => c.Closed.WaitAsync(_ => true, TimeSpan.FromSeconds(2))));
            timings.Add($"{action}={clock.ElapsedMilliseconds}ms");
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }

            using var old = user.Http(Node(1));
            Assert.Equal(HttpStatusCode.Unauthorized, (await old.GetAsync("/api/account/me")).StatusCode);
        }

        output.WriteLine($"sessions ended on {cluster.Nodes.Count} nodes: {string.Join(" ", timings)} (target < 2000ms)");
    }
}
