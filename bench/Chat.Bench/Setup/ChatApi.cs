using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace Chat.Bench.Setup;

/// <summary>The REST account routes of one stack's entry (nginx).</summary>
internal sealed class ChatApi(Uri entry) : IDisposable
{
    public const string Password = "bench password 1";

    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue })
    {
        BaseAddress = entry,
        Timeout = TimeSpan.FromMinutes(2),
    };

    public Uri Entry => entry;

    public async Task<UserRef> RegisterAsync(string name, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync("/api/account/register", new Credentials(name, Password), ct);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new BenchException($"register {name} at {entry}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }

        return await response.Content.ReadFromJsonAsync<UserRef>(ct) ?? throw new BenchException("register returned no body");
    }

    public async Task<LoginResponse> LoginAsync(string name, CancellationToken ct)
    {
        var (login, status, _) = await TryLoginAsync(name, ct);
        return login ?? throw new BenchException($"login {name} at {entry}: {status}");
    }

    /// <summary>One login: the answer (null when refused), the status and how long it took.</summary>
    public async Task<(LoginResponse? Login, int Status, TimeSpan Took)> TryLoginAsync(string name, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.PostAsJsonAsync("/api/account/login", new Credentials(name, Password), ct);
            var login = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<LoginResponse>(ct) : null;
            return (login, (int)response.StatusCode, Stopwatch.GetElapsedTime(started));
        }
        catch (HttpRequestException)
        {
            return (null, 0, Stopwatch.GetElapsedTime(started));
        }
    }

    public async Task<bool> HealthyAsync(CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync("/healthz", ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public void Dispose() => _http.Dispose();
}
