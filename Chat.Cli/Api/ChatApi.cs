using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Chat.Cli.Api;

/// <summary>The REST half of the protocol: accounts, user and group search. Keeps the tokens and refreshes
/// the access token shortly before it expires, so a client left open all day stays signed in.</summary>
internal sealed class ChatApi(Uri baseUrl) : IDisposable
{
    private static readonly TimeSpan RefreshAhead = TimeSpan.FromMinutes(1);

    private readonly HttpClient _http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private TokenResponse? _tokens;
    private DateTimeOffset _expiresAt;

    public Uri BaseUrl => baseUrl;

    public UserRef Me => _tokens?.User ?? throw new InvalidOperationException("Not logged in.");

    public async Task<UserRef> RegisterAsync(string name, string password, CancellationToken ct = default)
    {
        using var response = await _http.PostAsJsonAsync("api/account/register", new { name, password }, ct);
        return await ReadAsync<UserRef>(response, ct);
    }

    public async Task LoginAsync(string name, string password, CancellationToken ct = default)
    {
        using var response = await _http.PostAsJsonAsync("api/account/login", new { name, password }, ct);
        Keep(await ReadAsync<TokenResponse>(response, ct));
    }

    /// <summary>The access token for the hub, refreshed first when it is about to expire.</summary>
    public async Task<string?> AccessTokenAsync()
    {
        if (_tokens is not null && DateTimeOffset.UtcNow > _expiresAt - RefreshAhead)
        {
            await RefreshAsync();
        }

        return _tokens?.AccessToken;
    }

    public async Task RefreshAsync(CancellationToken ct = default)
    {
        await _refreshing.WaitAsync(ct);
        try
        {
            using var response = await _http.PostAsJsonAsync("api/account/refresh", new { refreshToken = _tokens?.RefreshToken }, ct);
            Keep(await ReadAsync<TokenResponse>(response, ct));
        }
        finally
        {
            _refreshing.Release();
        }
    }

    public Task<List<UserFound>> FindUsersAsync(string name, CancellationToken ct = default) =>
        GetAsync<List<UserFound>>($"api/users?name={Uri.EscapeDataString(name)}", ct);

    public Task<GroupPage> FindGroupsAsync(string name, CancellationToken ct = default) =>
        GetAsync<GroupPage>($"api/groups?name={Uri.EscapeDataString(name)}&page=1&pageSize=50", ct);

    /// <summary>False once the session is over (logged out elsewhere, disabled): even a refresh is refused.
    /// True when the server cannot be reached, since that says nothing about the session.</summary>
    public async Task<bool> SessionStandsAsync(CancellationToken ct = default)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/account/me");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens?.AccessToken);
            using var response = await _http.SendAsync(request, ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                await RefreshAsync(ct);
            }

            return true;
        }
        catch (RefusedException)
        {
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return true;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _refreshing.Dispose();
    }

    private async Task<T> GetAsync<T>(string route, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, route);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await AccessTokenAsync());
        using var response = await _http.SendAsync(request, ct);
        return await ReadAsync<T>(response, ct);
    }

    private void Keep(TokenResponse tokens)
    {
        _tokens = tokens;
        _expiresAt = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(tokens.ExpiresIn);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await RefusedException.FromAsync(response, ct);
        }

        return await response.Content.ReadFromJsonAsync<T>(ct)
            ?? throw new RefusedException($"The server answered {(int)response.StatusCode} with no body.");
    }
}
