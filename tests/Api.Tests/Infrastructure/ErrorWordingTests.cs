using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>Problems speak the API's language: wire names and stable codes, never the server's types.</summary>
public sealed class ErrorWordingTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Theory]
    [InlineData("min_amount=abc", "min_amount")]
    [InlineData("owner_id=me", "owner_id")]
    public async Task A_query_parameter_that_does_not_parse_is_named_as_sent_without_dotnet_types(string query, string field)
    {
        var organization = await factory.NewOrganizationAsync();
        var response = await organization.Owner.Client.GetAsync("/api/v1/deals?" + query);
        var problem = await response.ExpectProblem(HttpStatusCode.BadRequest, "invalid_parameter");

        Assert.Equal($"'{field}' has the wrong format.", (string?)problem["detail"]);
        Assert.NotNull(problem["errors"]?[field]);
        var text = problem.ToJsonString();
        foreach (var leak in new[] { "Nullable", "decimal", "Int64", "long ", "MinAmount", "OwnerId" })
            Assert.DoesNotContain(leak, text, StringComparison.Ordinal);
    }
}

/// <summary>The service on a real Kestrel socket, with a short minimum body data rate, to send a body too slowly.</summary>
public sealed class KestrelFactory : AtriumFactory
{
    public KestrelFactory() => UseKestrel(kestrel =>
        kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 100, gracePeriod: TimeSpan.FromSeconds(2)));

    public Uri Address
    {
        get
        {
            StartServer();
            return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }
    }
}

public sealed class SlowBodyTests(KestrelFactory factory) : IClassFixture<KestrelFactory>
{
    [Fact]
    public async Task A_body_that_arrives_too_slowly_is_408_request_timeout()
    {
        var address = factory.Address;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        var head = "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{\"email\":";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        // Nothing more is sent; the server gives up after its grace period and answers.
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var statusLine = response[..response.IndexOf('\r')];
        Assert.Contains(" 408 ", statusLine + " ", StringComparison.Ordinal);
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        var json = body.Contains('{') ? JsonNode.Parse(Dechunk(body))! : new JsonObject();
        Assert.True("request_timeout" == (string?)json["code"], response);
    }

    /// <summary>The body of a chunked HTTP/1.1 response, joined.</summary>
    private static string Dechunk(string body)
    {
        if (body.TrimStart().StartsWith('{'))
            return body;
        var result = new StringBuilder();
        var rest = body;
        while (true)
        {
            var lineEnd = rest.IndexOf("\r\n", StringComparison.Ordinal);
            var size = Convert.ToInt32(rest[..lineEnd].Trim(), 16);
            if (size == 0)
                return result.ToString();
            result.Append(rest, lineEnd + 2, size);
            rest = rest[(lineEnd + 2 + size + 2)..];
        }
    }
}
