using Chat.Server.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Chat.Tests.Unit.Accounts;

public sealed class PasswordRulesTests
{
    private readonly PasswordRules _rules = new();

    [Theory]
    [InlineData("1234567", false)]
    [InlineData("abcdefgh", true)]
    [InlineData("password1", false)]
    [InlineData("PASSWORD1", false)]
    [InlineData("correct horse battery staple correct horse battery staple 12345", true)]
    [InlineData("пароль-на-русском языке", true)]
    [InlineData("🐱🐱🐱🐱 cats", true)]
    public async Task LengthAndCommonnessDecide(string password, bool accepted)
    {
        var result = await _rules.ValidateAsync(null!, new ChatUser { UserName = "someone" }, password);

        Assert.Equal(accepted, result.Succeeded);
    }

    [Fact]
    public async Task ThePasswordCannotBeTheName()
    {
        var result = await _rules.ValidateAsync(null!, new ChatUser { UserName = "longusername" }, "LongUserName");

        Assert.Equal("PasswordTooCommon", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task OverlongPasswordsAreRefused()
    {
        var result = await _rules.ValidateAsync(null!, new ChatUser(), new string('x', PasswordRules.MaxLength + 1));

        Assert.Equal(IdentityResult.Failed().Succeeded, result.Succeeded);
        Assert.Equal("PasswordTooLong", Assert.Single(result.Errors).Code);
    }
}
