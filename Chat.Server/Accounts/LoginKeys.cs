using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Chat.Server.Accounts;

/// <summary>What <see cref="LoginThrottle"/> counts failures by.</summary>
internal static class LoginKeys
{
    // Names longer than any account's are still counted, but by a fixed-size digest, so keys stay small.
    public static string Name(string name) =>
        name.Length <= 64 ? name : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    public static string Address(IPAddress? address)
    {
        if (address is null)
        {
            return "";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        // One host commonly has a whole /64 to pick addresses from: it counts as one address.
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
