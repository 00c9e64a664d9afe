using Chat.Server;
using Chat.Server.Accounts;
using Chat.Server.Admin;
using Chat.Server.Data;
using Chat.Server.Friends;
using Chat.Server.Groups;
using Chat.Server.Messaging;
using Chat.Server.Observability;
using Chat.Server.Realtime;
using Chat.Server.Web;

var adminCommand = AdminCommand.Parse(args, out var settings);
if (adminCommand is null && AdminCommand.IsAttempt(args))
{
    Console.Error.WriteLine(AdminCommand.Usage);
    return 2;
}

var builder = WebApplication.CreateBuilder(settings);
builder.AddChatData();
builder.AddChatIdentity();
builder.AddChatRealtime();
builder.AddChatObservability();
builder.Services.AddChatCommon();
builder.Services.AddChatFriends();
builder.Services.AddChatGroups();
builder.Services.AddChatMessaging();
builder.AddStrictRequests();
builder.Services.AddChatForwardedHeaders();
builder.Services.AddChatProblemDetails();
builder.Services.AddValidation();
builder.Services.AddChatApiDocs();
builder.Services.AddHubOriginCheck();

var app = builder.Build();
await app.MigrateChatDatabaseAsync();
if (adminCommand is not null)
{
    return await adminCommand.RunAsync(app.Services, Console.Out);
}

await app.EnsureSharedKeyRingAsync();

app.UseForwardedHeaders();
// A hub's WebSocket request stays in the pipeline for its connection's life: see HubSockets.
app.UseWhen(HubSockets.IsNotHubSocket, web => web
    .UseChatExceptionHandler()
    .UseStatusCodePages()
    .UseSecurityHeaders()
    .UseChatPage()
    .UseSwagger()
    .UseSwaggerUI());
// Routing after UseChatPage, so / is matched as the page's /index.html endpoint.
app.UseRouting();
app.UseHubDrain();
app.UseWebSocketsOnlyHub();
app.UseHubOriginCheck();
app.UseChatSignIn();
app.UseAuthorization();
app.UseRateLimiter();

var api = app.MapGroup("/api");
api.MapAccountEndpoints();
api.MapBlockEndpoints();
api.MapAdminEndpoints();
api.MapGroupEndpoints();
app.MapChatHub();
app.MapHealth();
app.MapChatPage();
app.MapMetrics();
app.Run();
return 0;
