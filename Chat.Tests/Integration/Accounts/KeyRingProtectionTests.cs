using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Chat.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Accounts;

/// <summary>A node on an SQLite file the test chooses, left in place for the next node on it.</summary>
public sealed class FileSqliteChatApp(string file) : ChatAppFactory
{
    protected override Task<(string, string)> CreateDatabaseAsync() => Task.FromResult(("Sqlite", $"Data Source={file}"));

    protected override Task DropDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }
}

/// <summary>The key ring that signs every token, at rest: encrypted to the operator's certificate, readable by
/// every node that has it, and no node without it makes keys of its own.</summary>
[Trait("Database", "Sqlite")]
public sealed class KeyRingProtectionTests(ITestOutputHelper output) : IDisposable
{
    private const string Password = "pfx password";
    private readonly string _folder = Directory.CreateTempSubdirectory("chat-keyring-").FullName;

    private string Database => Path.Combine(_folder, "chat.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task WithACertificateTheKeysAreStoredEncryptedAndAnotherNodeWithItAcceptsTheTokens()
    {
        var certificate = CreateCertificate("cluster");
        await using var first = await StartAsync(certificate);
        var tokens = await first.RegisterAndLoginAsync(ChatAppFactory.UniqueName("ring"));
        await using var second = await StartAsync(certificate);
        var secondTokens = await second.LoginAsync(tokens.User.Name);

        var keys = await StoredKeysAsync();
        var onSecond = await MeAsync(second, tokens.AccessToken);
        var onFirst = await MeAsync(first, secondTokens.AccessToken);

        output.WriteLine($"S13 keyring: keys={keys.Count} encrypted={keys.Count(IsEncrypted)} plainMasterKeys={keys.Count(HasPlainMasterKey)} " +
            $"firstTokenOnSecond={(int)onSecond} secondTokenOnFirst={(int)onFirst}");
        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.True(IsEncrypted(key) && !HasPlainMasterKey(key), key));
        Assert.Equal(HttpStatusCode.OK, onSecond);
        Assert.Equal(HttpStatusCode.OK, onFirst);
    }

    [Fact]
    public async Task ANodeWithoutTheCertificateRefusesToStartOnAnEncryptedRing()
    {
        await (await StartAsync(CreateCertificate("cluster"))).DisposeAsync();
        var before = (await StoredKeysAsync()).Count;

        var failure = await StartFailureAsync(null);

        Assert.Contains("encrypted", failure);
        Assert.Contains("DataProtection__CertificatePath", failure);
        Assert.Equal(before, (await StoredKeysAsync()).Count);
    }

    [Fact]
    public async Task ANodeWithAnotherCertificateRefusesToStartAndNamesTheOneNeeded()
    {
        var cluster = CreateCertificate("cluster");
        await (await StartAsync(cluster)).DisposeAsync();

        var failure = await StartFailureAsync(CreateCertificate("other"));

        Assert.Contains(cluster.Thumbprint, failure);
        Assert.Contains("PreviousCertificatePaths", failure);
    }

    [Fact]
    public async Task ACertificateGivenToAnUnencryptedRingRevokesItsPlainKeys()
    {
        string oldToken;
        await using (var plain = await StartAsync(null))
        {
            oldToken = (await plain.RegisterAndLoginAsync(ChatAppFactory.UniqueName("plain"))).AccessToken;
        }

        await using var protectedNode = await StartAsync(CreateCertificate("cluster"));
        var oldTokenStatus = await MeAsync(protectedNode, oldToken);
        var newToken = (await protectedNode.RegisterAndLoginAsync(ChatAppFactory.UniqueName("fresh"))).AccessToken;

        var keys = await StoredKeysAsync();
        output.WriteLine($"keyring after a certificate was given: oldToken={(int)oldTokenStatus} newToken={(int)await MeAsync(protectedNode, newToken)} " +
            $"encryptedKeys={keys.Count(IsEncrypted)} revocations={keys.Count(k => k.StartsWith("<revocation", StringComparison.Ordinal))}");
        Assert.Equal(HttpStatusCode.Unauthorized, oldTokenStatus);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(protectedNode, newToken));
        Assert.Single(keys, k => k.StartsWith("<revocation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AfterAChangeOfCertificateThePreviousOneStillOpensTheOldKeys()
    {
        var old = CreateCertificate("old");
        string oldToken;
        await using (var before = await StartAsync(old))
        {
            oldToken = (await before.RegisterAndLoginAsync(ChatAppFactory.UniqueName("rotate"))).AccessToken;
        }

        var renewed = CreateCertificate("new");
        await using var after = await StartAsync(renewed, previous: old);

        Assert.Equal(HttpStatusCode.OK, await MeAsync(after, oldToken));
        // The key in use is encrypted to the new certificate; the old one is needed only for older tokens.
        Assert.Contains(await StoredKeysAsync(), k => IsEncrypted(k) && k.Contains(renewed.Base64, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACertificateFileThatIsNotThereStopsTheNode()
    {
        var missing = Path.Combine(_folder, "missing.pfx");

        var failure = await StartFailureAsync(new TestCertificate(missing, "", ""));

        Assert.Contains("DataProtection:CertificatePath", failure);
        Assert.Contains(missing, failure);
    }

    private sealed record TestCertificate(string Path, string Thumbprint, string Base64);

    private TestCertificate CreateCertificate(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=chat key ring {name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder, $"{name}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return new(path, certificate.Thumbprint, Convert.ToBase64String(certificate.RawData));
    }

    private FileSqliteChatApp Node(TestCertificate? certificate, TestCertificate? previous)
    {
        var node = new FileSqliteChatApp(Database);
        if (certificate is not null)
        {
            node.Set("DataProtection:CertificatePath", certificate.Path);
            node.Set("DataProtection:CertificatePassword", Password);
        }

        if (previous is not null)
        {
            node.Set("DataProtection:PreviousCertificatePaths:0", previous.Path);
        }

        return node;
    }

    private async Task<FileSqliteChatApp> StartAsync(TestCertificate? certificate, TestCertificate? previous = null)
    {
        var node = Node(certificate, previous);
        await node.InitializeAsync();
        return node;
    }

    private async Task<string> StartFailureAsync(TestCertificate? certificate)
    {
        await using var node = Node(certificate, null);
        var failure = await Assert.ThrowsAnyAsync<Exception>(node.InitializeAsync);
        output.WriteLine($"refused to start: {failure.GetBaseException().Message}");
        return failure.ToString();
    }

    private static async Task<HttpStatusCode> MeAsync(ChatAppFactory node, string accessToken)
    {
        using var http = node.CreateHttpClient(accessToken);
        using var response = await http.GetAsync("/api/account/me");
        return response.StatusCode;
    }

    private async Task<List<string>> StoredKeysAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Database}");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("SELECT Xml FROM DataProtectionKeys", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private static bool IsEncrypted(string key) => key.Contains("EncryptedData", StringComparison.Ordinal);

    // Stored in plain, the key's secret is the base64 <value> inside <masterKey>.
    private static bool HasPlainMasterKey(string key) => key.Contains("<masterKey", StringComparison.Ordinal) && key.Contains("<value>", StringComparison.Ordinal);
}
