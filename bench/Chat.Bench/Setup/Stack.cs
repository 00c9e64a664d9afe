namespace Chat.Bench.Setup;

/// <summary>One system under test behind its own nginx: the product cluster or the baseline relay.</summary>
internal sealed record Stack(string Name, ChatApi Api, IReadOnlyList<BenchUser> Users)
{
    public const string Product = "product";
    public const string Relay = "relay";

    public Uri Entry => Api.Entry;

    public bool IsProduct => Name == Product;
}
