namespace Chat.Server.Accounts;

/// <summary>How the Data Protection key ring is kept at rest (section <c>DataProtection</c>).</summary>
internal sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>A PFX with an RSA certificate and its private key; new keys are stored encrypted to it.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Certificates of earlier keys, still used to read them after the certificate was changed.</summary>
    public string[] PreviousCertificatePaths { get; set; } = [];

    /// <summary>Their passwords, by position; a missing one is <see cref="CertificatePassword"/>.</summary>
    public string[] PreviousCertificatePasswords { get; set; } = [];
}
