using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Chat.Server.Accounts;

/// <summary>The certificates of <see cref="KeyRingOptions"/>, opened at start: a missing file, a wrong password
/// or a certificate without an RSA private key stops the node there, not at the first token.</summary>
internal sealed class KeyRingCertificates
{
    private KeyRingCertificates(X509Certificate2? current, X509Certificate2[] previous)
    {
        Current = current;
        Previous = previous;
    }

    /// <summary>The certificate new keys are encrypted to; null: keys are stored unencrypted.</summary>
    public X509Certificate2? Current { get; }

    public X509Certificate2[] Previous { get; }

    public bool CanDecrypt(string thumbprint) =>
        Current?.Thumbprint == thumbprint || Previous.Any(c => c.Thumbprint == thumbprint);

    public static KeyRingCertificates Load(KeyRingOptions options)
    {
        if (string.IsNullOrEmpty(options.CertificatePath))
        {
            if (options.PreviousCertificatePaths.Length > 0)
            {
                throw new InvalidOperationException(
                    "DataProtection:PreviousCertificatePaths is set but DataProtection:CertificatePath is not: give the certificate new keys are encrypted to.");
            }

            return new(null, []);
        }

        var current = Open(options.CertificatePath, options.CertificatePassword, "CertificatePath");
        var previous = options.PreviousCertificatePaths.Select((path, i) => Open(path,
            i < options.PreviousCertificatePasswords.Length ? options.PreviousCertificatePasswords[i] : options.CertificatePassword,
            $"PreviousCertificatePaths:{i}")).ToArray();
        return new(current, previous);
    }

    private static X509Certificate2 Open(string path, string? password, string setting)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"DataProtection:{setting}: there is no file {path}.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                $"DataProtection:{setting}: {path} could not be opened as a PFX (PKCS#12) file with the password given: {e.Message}", e);
        }

        using var key = certificate.GetRSAPrivateKey();
        if (key is null)
        {
            throw new InvalidOperationException(
                $"DataProtection:{setting}: {path} holds no RSA private key; keys are encrypted with RSA (XML encryption), so the PFX needs an RSA certificate with its key.");
        }

        return certificate;
    }
}
