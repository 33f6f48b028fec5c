using Atrium.Api.Infrastructure;
using Atrium.Api.Features.Identity.Avatars;
using Atrium.Api.Features.Identity.External;
using Carter;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddAtriumInfrastructure(builder.Configuration);
builder.Services.AddExternalSignIn();
builder.Services.AddAvatars();
builder.Services.AddCarter();

var app = builder.Build();

if (await app.RunCommandAsync(args))
    return;

app.UseAtriumInfrastructure();
app.MapCarter();
app.MapAtriumEndpoints();

await app.RunAsync();

public partial class Program;
