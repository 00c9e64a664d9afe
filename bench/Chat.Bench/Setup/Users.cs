namespace Chat.Bench.Setup;

/// <summary>Registers and signs in a stack's users: REST only, as a client would.</summary>
internal static class Users
{
    // Password hashing is deliberately slow on the product; a few at a time keep both cores busy.
    private const int Parallelism = 4;

    public static async Task<IReadOnlyList<BenchUser>> RegisterAsync(ChatApi api, string prefix, int count, CancellationToken ct)
    {
        var users = new BenchUser[count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct };
        await Parallel.ForAsync(0, count, options, async (i, token) => users[i] = await RegisterOneAsync(api, $"{prefix}.{i}", token));
        return users;
    }

    public static async Task<BenchUser> RegisterOneAsync(ChatApi api, string name, CancellationToken ct)
    {
        await api.RegisterAsync(name, ct);
        var login = await api.LoginAsync(name, ct);
        return new BenchUser(login.User.Id, name, login.AccessToken);
    }
}
