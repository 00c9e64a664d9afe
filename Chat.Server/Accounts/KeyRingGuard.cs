using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Chat.Server.Data;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Chat.Server.Accounts;

/// <summary>Checks the key ring against this node's certificates before the node serves anyone, and makes
/// sure it holds a current key encrypted as configured. Run by one node at a time (see SharedKeyRing).</summary>
internal static class KeyRingGuard
{
    public static void Prepare(IServiceProvider services)
    {
        var certificates = services.GetRequiredService<KeyRingCertificates>();
        var keys = services.GetRequiredService<IKeyManager>();
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KeyRingGuard));
        var now = DateTimeOffset.UtcNow;
        // A key that expired still opens the tokens it made, up to the longest token lifetime later.
        var tokenLifetime = TimeSpan.FromDays(services.GetRequiredService<IOptions<AccountOptions>>().Value.RefreshTokenDays);
        var encryptedTo = EncryptionCertificates(services);
        var unrevoked = keys.GetAllKeys().Where(k => !k.IsRevoked).ToList();
        var live = unrevoked.Where(k => k.ExpirationDate > now - tokenLifetime).ToList();

        foreach (var key in live)
        {
            if (encryptedTo.GetValueOrDefault(key.KeyId) is { } thumbprint && !certificates.CanDecrypt(thumbprint))
            {
                // Going on would make keys of our own: our tokens refused by the other nodes, and theirs by us.
                throw new InvalidOperationException(certificates.Current is null
                    ? $"The Data Protection key ring in the database is encrypted (key {key.KeyId}, certificate {thumbprint}) and this node has no certificate. " +
                      "Give every node of the cluster the same one: DataProtection__CertificatePath and DataProtection__CertificatePassword."
                    : $"The Data Protection key ring in the database has a key ({key.KeyId}) encrypted to certificate {thumbprint}, which is neither " +
                      $"DataProtection:CertificatePath ({certificates.Current.Thumbprint}) nor one of DataProtection:PreviousCertificatePaths.");
            }

            try
            {
                _ = key.Descriptor;
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"The Data Protection key {key.KeyId} in the database cannot be read with this node's certificates: {e.Message}", e);
            }
        }

        // Any age: the node opens a payload with any key that is not revoked, so an old plain key could forge tokens today.
        var plain = unrevoked.Where(k => encryptedTo.GetValueOrDefault(k.KeyId) is null).ToList();
        if (certificates.Current is not null && plain.Count > 0)
        {
            // Whoever read the database before holds these keys: revoked, everyone signs in again once.
            foreach (var key in plain)
            {
                keys.RevokeKey(key.KeyId, "Stored unencrypted; replaced by a key encrypted to DataProtection:CertificatePath.");
            }

            log.LogWarning("Revoked {Count} Data Protection keys stored unencrypted, now that DataProtection:CertificatePath is set: " +
                "tokens issued with them are refused and their users sign in again.", plain.Count);
        }
        else if (certificates.Current is null)
        {
            log.LogWarning("The Data Protection key ring is stored unencrypted in the database: whoever can read the database can forge " +
                "any user's tokens. Set DataProtection__CertificatePath (see README, Configuration).");
        }

        // The key in use is always encrypted to the configured certificate (none: plain), also after a change of certificate.
        var wanted = certificates.Current?.Thumbprint;
        if (!live.Any(k => k.ActivationDate <= now && k.ExpirationDate > now && encryptedTo.GetValueOrDefault(k.KeyId) == wanted))
        {
            var lifetime = services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.NewKeyLifetime;
            keys.CreateNewKey(now, now + lifetime);
        }
    }

    /// <summary>Per key id, the thumbprint of the certificate its secret is encrypted to; null when stored in plain.</summary>
    private static Dictionary<Guid, string?> EncryptionCertificates(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var stored = scope.ServiceProvider.GetRequiredService<ChatDbContext>().DataProtectionKeys.Select(k => k.Xml).ToList();
        var result = new Dictionary<Guid, string?>();
        foreach (var xml in stored.OfType<string>().Select(XElement.Parse).Where(e => e.Name.LocalName == "key"))
        {
            var encrypted = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "encryptedSecret");
            var certificate = encrypted?.Descendants().FirstOrDefault(e => e.Name.LocalName == "X509Certificate")?.Value;
            result[Guid.Parse(xml.Attribute("id")!.Value)] = encrypted is null ? null
                : certificate is null ? "(not an X.509 certificate)"
                : Thumbprint(certificate);
        }

        return result;
    }

    private static string Thumbprint(string base64)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(base64));
        return certificate.Thumbprint;
    }
}
