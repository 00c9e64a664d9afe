using Chat.Server.Accounts;
using Chat.Server.Data;
using Chat.Server.Groups;
using Chat.Server.Realtime;
using Chat.Server.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddChatData();
builder.AddChatIdentity();
builder.AddChatRealtime();
builder.Services.AddChatServices();
builder.Services.AddChatProblemDetails();
builder.Services.AddValidation();
builder.Services.AddChatApiDocs();

var app = builder.Build();
await app.MigrateChatDatabaseAsync();
await app.EnsureSharedKeyRingAsync();

app.UseChatForwardedHeaders();
app.UseChatExceptionHandler();
app.UseStatusCodePages();
app.UseSecurityHeaders();
app.UseHubOriginCheck();
app.UseChatPage();
app.UseSwagger();
app.UseSwaggerUI();
app.UseAuthentication();
app.UseCurrentSessionsOnly();
app.UseAuthorization();
app.UseRateLimiter();

var api = app.MapGroup("/api");
api.MapAccountEndpoints();
api.MapGroupEndpoints();
app.MapHub<ChatHub>("/hubs/chat");
app.MapHealth();
app.Run();
