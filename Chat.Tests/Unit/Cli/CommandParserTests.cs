using Chat.Cli.Commands;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Tests.Unit.Cli;

public sealed class CommandParserTests
{
    [Theory]
    [InlineData("chat bob hello there", "chat", "bob|hello there")]
    [InlineData("chat:2:hello", "chat", "2|hello")]
    [InlineData("chat:2:re: lunch at 12:30", "chat", "2|re: lunch at 12:30")]
    [InlineData("  chat   bob    spaced   out  ", "chat", "bob|spaced   out")]
    [InlineData("addfriend:2", "addfriend", "2")]
    [InlineData("addcontact bob", "addfriend", "bob")]
    [InlineData("creategroup devs the people who build it", "creategroup", "devs|the people who build it")]
    [InlineData("creategroup:night owls:late: and loud", "creategroup", "night owls|late: and loud")]
    [InlineData("creategroup devs", "creategroup", "devs")]
    [InlineData("joingroup:7", "addgroup", "7")]
    [InlineData("groupchat:7:hi all", "groupchat", "7|hi all")]
    [InlineData("history #devs 50", "history", "#devs|50")]
    [InlineData("history:bob", "history", "bob")]
    [InlineData("LOGINOUT", "loginout", "")]
    [InlineData("logout", "loginout", "")]
    [InlineData("find al", "find", "al")]
    [InlineData("exit", "quit", "")]
    public void BothFormsGiveTheVerbAndItsArguments(string line, string verb, string args)
    {
        Assert.True(CommandParser.TryParse(line, out var command, out var error), error);

        Assert.Equal(verb, command.Verb);
        Assert.Equal(args, string.Join('|', command.Args));
    }

    [Theory]
    [InlineData("", "Type a command")]
    [InlineData("frobnicate 2", "Unknown command \"frobnicate\"")]
    [InlineData("bob:hi", "Unknown command \"bob\"")]
    [InlineData("chat bob", "Usage: chat <friend> <text>")]
    [InlineData("chat:2:", "Usage: chat <friend> <text>")]
    [InlineData("chat:2", "Usage: chat <friend> <text>")]
    [InlineData("addfriend", "Usage: addfriend <user>")]
    [InlineData("addfriend bob carol", "Usage: addfriend <user>")]
    [InlineData("who now", "Usage: who")]
    [InlineData("history bob lots", "must be 1 to 200")]
    [InlineData("history bob 201", "must be 1 to 200")]
    [InlineData("history bob 10 more", "Usage: history")]
    public void BadInputSaysWhy(string line, string why)
    {
        Assert.False(CommandParser.TryParse(line, out var command, out var error));

        Assert.Null(command);
        Assert.Contains(why, error);
    }

    [Fact]
    public void HelpListsEveryCommandOfTheOriginalClient()
    {
        var usages = string.Join('\n', CommandParser.Usages);

        foreach (var verb in new[] { "chat", "addfriend", "creategroup", "addgroup", "groupchat", "loginout", "history", "who", "find", "help", "quit" })
        {
            Assert.Contains(verb, usages);
        }
    }

    [Fact]
    public void AHubRefusalIsReducedToTheServersReason()
    {
        var refusal = new HubException("An unexpected error occurred invoking 'SendDirect' on the server. HubException: You can only message your friends.");

        Assert.Equal("You can only message your friends.", CommandRunner.Reason(refusal));
    }
}
