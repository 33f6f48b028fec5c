using System.Net;

namespace Atrium.Api.Tests.Infrastructure;

public sealed class CorsFactory : AtriumFactory
{
    public const string Origin = "https://app.example.com";

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Http:CorsOrigins:0"] = Origin;
        return settings;
    }
}

/// <summary>CORS from the setting, br/gzip for JSON, HEAD on GET routes.</summary>
public sealed class WebConventionsTests(CorsFactory factory) : IClassFixture<CorsFactory>
{
    [Fact]
    public async Task A_preflight_from_an_allowed_origin_is_answered_and_others_are_not()
    {
        HttpRequestMessage Preflight(string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/deals/1");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "PATCH");
            request.Headers.Add("Access-Control-Request-Headers", "authorization, if-match, x-organization-id");
            return request;
        }

        var allowed = await factory.Anonymous().SendAsync(Preflight(CorsFactory.Origin));
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(CorsFactory.Origin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("PATCH", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);

        var other = await factory.Anonymous().SendAsync(Preflight("https://evil.example.org"));
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));

        using var read = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        read.Headers.Add("Origin", CorsFactory.Origin);
        var answer = await factory.Anonymous().SendAsync(read);
        Assert.Contains("ETag", answer.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Json_answers_are_compressed_when_the_client_accepts_it(string encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Add("Accept-Encoding", encoding);
        var response = await factory.Anonymous().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(encoding, response.Content.Headers.ContentEncoding.Single());

        using var problem = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        problem.Headers.Add("Accept-Encoding", encoding);
        Assert.Equal(encoding, (await factory.Anonymous().SendAsync(problem)).Content.Headers.ContentEncoding.Single());
    }

    [Fact]
    public async Task Head_answers_a_get_route_with_its_status_and_headers_but_no_body()
    {
        var user = await factory.RegisterAndLoginAsync();
        var head = await user.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/me"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("application/json", head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());

        var anonymous = await factory.Anonymous().SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/me"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Empty(await anonymous.Content.ReadAsByteArrayAsync());
        var missing = await factory.Anonymous().SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/nothing-here"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}

/// <summary>X-Request-Id is echoed: the caller's when well-formed, else the trace id that problems carry.</summary>
public sealed class RequestIdTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task A_well_formed_request_id_is_echoed_and_a_hostile_one_is_replaced_by_the_trace_id()
    {
        using var mine = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        mine.Headers.Add("X-Request-Id", "client-42.a:b_c");
        Assert.Equal("client-42.a:b_c", (await factory.Anonymous().SendAsync(mine)).Headers.GetValues("X-Request-Id").Single());

        using var hostile = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        hostile.Headers.TryAddWithoutValidation("X-Request-Id", "<script>" + new string('x', 200));
        var response = await factory.Anonymous().SendAsync(hostile);
        var echoed = response.Headers.GetValues("X-Request-Id").Single();
        var problem = await response.ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Equal((string?)problem["trace_id"], echoed);
    }
}
