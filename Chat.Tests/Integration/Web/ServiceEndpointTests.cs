using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Integration.Web;

[Trait("Database", "Sqlite")]
public sealed class ServiceEndpointTests(SqliteChatApp app) : IClassFixture<SqliteChatApp>
{
    public static TheoryData<string, string> RestRoutes => new()
    {
        { "post", "/api/account/register" },
        { "post", "/api/account/login" },
        { "post", "/api/account/refresh" },
        { "get", "/api/account/me" },
        { "get", "/api/users" },
        { "get", "/api/groups" },
        { "post", "/api/groups" },
        { "get", "/api/groups/{id}" },
        { "put", "/api/groups/{id}" },
        { "delete", "/api/groups/{id}" },
        { "post", "/api/groups/{id}/members" },
        { "delete", "/api/groups/{id}/members/{userId}" },
        { "get", "/api/account/blocks" },
        { "put", "/api/account/blocks/{userId}" },
        { "delete", "/api/account/blocks/{userId}" },
        { "get", "/api/account/settings" },
        { "put", "/api/account/settings" },
        { "put", "/api/account/password" },
        { "get", "/api/admin/users" },
        { "put", "/api/admin/users/{id}/disabled" },
        { "put", "/api/admin/users/{id}/password" },
        { "put", "/api/groups/{id}/creator" },
        { "get", "/api/groups/{id}/bans" },
        { "put", "/api/groups/{id}/bans/{userId}" },
        { "delete", "/api/groups/{id}/bans/{userId}" },
    };

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/healthz/ready")]
    public async Task HealthEndpointAnswersOk(string route)
    {
        using var http = app.CreateHttpClient();

        var response = await http.GetAsync(route);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(RestRoutes))]
    public async Task OpenApiDocumentListsRouteOfTheContract(string method, string route)
    {
        using var http = app.CreateHttpClient();

        var document = await http.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        var paths = document.GetProperty("paths").EnumerateObject().ToDictionary(p => p.Name.TrimEnd('/'), p => p.Value);
        Assert.True(paths.TryGetValue(route, out var operations), $"{route} is missing; the document has {string.Join(", ", paths.Keys)}");
        Assert.True(operations.TryGetProperty(method, out _), $"{method.ToUpperInvariant()} {route} is missing");
    }

    [Fact]
    public async Task OpenApiDocumentRoutesHaveNoTrailingSlash()
    {
        using var http = app.CreateHttpClient();

        var document = await http.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        Assert.All(document.GetProperty("paths").EnumerateObject(), p => Assert.False(p.Name.EndsWith('/'), $"{p.Name} ends with a slash"));
    }

    [Theory]
    [InlineData("post", "/api/account/register", false)]
    [InlineData("post", "/api/account/login", false)]
    [InlineData("post", "/api/account/refresh", false)]
    [InlineData("get", "/api/account/me", true)]
    [InlineData("get", "/api/groups", true)]
    [InlineData("delete", "/api/groups/{id}/members/{userId}", true)]
    [InlineData("put", "/api/account/blocks/{userId}", true)]
    [InlineData("get", "/api/admin/users", true)]
    public async Task OpenApiDocumentAsksForATokenExactlyWhereOneIsNeeded(string method, string route, bool secured)
    {
        using var http = app.CreateHttpClient();

        var document = await http.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        var operation = document.GetProperty("paths").GetProperty(route).GetProperty(method);
        Assert.Equal(secured, operation.TryGetProperty("security", out var security) && security.GetArrayLength() > 0);
    }

    [Theory]
    [InlineData("post", "/api/groups", "201", "GroupDto")]
    [InlineData("get", "/api/groups", "200", "GroupPageDto")]
    [InlineData("get", "/api/groups/{id}", "200", "GroupDto")]
    [InlineData("put", "/api/groups/{id}", "200", "GroupDto")]
    [InlineData("post", "/api/groups/{id}/members", "200", "GroupDto")]
    [InlineData("post", "/api/account/register", "201", "UserRefDto")]
    [InlineData("post", "/api/account/login", "200", "TokenDto")]
    [InlineData("put", "/api/account/password", "200", "TokenDto")]
    [InlineData("get", "/api/account/settings", "200", "SettingsDto")]
    [InlineData("get", "/api/admin/users", "200", "AdminUserPageDto")]
    [InlineData("put", "/api/admin/users/{id}/disabled", "200", "AdminUserDto")]
    [InlineData("put", "/api/groups/{id}/creator", "200", "GroupDto")]
    public async Task OpenApiDocumentShowsTheSuccessBodyOfEachRoute(string method, string route, string status, string schema)
    {
        using var http = app.CreateHttpClient();

        var document = await http.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        var paths = document.GetProperty("paths").EnumerateObject().ToDictionary(p => p.Name.TrimEnd('/'), p => p.Value);
        var response = paths[route].GetProperty(method).GetProperty("responses").GetProperty(status);
        var body = response.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();
        Assert.Equal($"#/components/schemas/{schema}", body);
    }

    [Fact]
    public async Task OpenApiDocumentHasABearerSecurityScheme()
    {
        using var http = app.CreateHttpClient();

        var document = await http.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        var schemes = document.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Select(s => s.Value).ToList();
        Assert.Contains(schemes, s => s.GetProperty("type").GetString() == "http"
            && string.Equals(s.GetProperty("scheme").GetString(), "bearer", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SwaggerUiIsServed()
    {
        using var http = app.CreateHttpClient();

        var response = await http.GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RootServesTheChatPage()
    {
        using var http = app.CreateHttpClient();

        var response = await http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/no/such/page")]
    [InlineData("/api/nothing-here")]
    [InlineData("/api/groups/not-a-number")]
    public async Task UnknownRouteIsANotFoundProblem(string route)
    {
        using var http = app.CreateHttpClient();

        var response = await http.GetAsync(route);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
    }
}
