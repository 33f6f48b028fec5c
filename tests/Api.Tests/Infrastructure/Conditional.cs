using System.Net;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>Conditional requests (<c>If-Match</c>, <c>If-None-Match</c>) and the checks every resource with an entity tag passes.</summary>
public static class Conditional
{
    public static string ETag(this HttpResponseMessage response) =>
        response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("No ETag header.");

    /// <summary>Sends <paramref name="body"/> (none when null) with <paramref name="header"/> set to <paramref name="value"/> (none when null).</summary>
    public static Task<HttpResponseMessage> SendWith(this HttpClient client, HttpMethod method, string url, object? body,
        string header = "If-Match", string? value = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
            request.Content = System.Net.Http.Json.JsonContent.Create(body, options: Http.Json);
        if (value is not null)
            request.Headers.TryAddWithoutValidation(header, value);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> GetIfNoneMatch(this HttpClient client, string url, string etag) =>
        client.SendWith(HttpMethod.Get, url, null, "If-None-Match", etag);

    /// <summary>A read answers a strong tag; sent back in <c>If-None-Match</c> it is 304 with no body and the same tag. Returns the tag.</summary>
    public static async Task<string> ReadTagAndExpect304Async(this HttpClient client, string url)
    {
        var read = await client.GetAsync(url);
        await read.Expect(HttpStatusCode.OK);
        var tag = read.ETag();
        Assert.StartsWith("\"", tag);

        var again = await client.GetIfNoneMatch(url, tag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(tag, again.ETag());
        Assert.Equal(HttpStatusCode.NotModified, (await client.GetIfNoneMatch(url, "W/" + tag)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetIfNoneMatch(url, "\"0-0\"")).StatusCode);
        return tag;
    }

    /// <summary>The current tag of <paramref name="url"/>.</summary>
    public static async Task<string> TagOfAsync(this HttpClient client, string url)
    {
        var read = await client.GetAsync(url);
        await read.Expect(HttpStatusCode.OK);
        return read.ETag();
    }

    /// <summary>
    /// A write with the current tag succeeds and answers a new tag, the one a read now gives; the old tag then is 412
    /// <c>etag_mismatch</c> and <paramref name="staleBody"/> is not written (the resource keeps the new tag).
    /// Returns the new tag.
    /// </summary>
    public static async Task<string> WriteWithCurrentThenStaleTagAsync(this HttpClient client, string url, HttpMethod method,
        object freshBody, object staleBody)
    {
        var before = await client.TagOfAsync(url);
        var written = await client.SendWith(method, url, freshBody, "If-Match", before);
        await written.Expect(HttpStatusCode.OK);
        var after = written.ETag();
        Assert.NotEqual(before, after);
        Assert.Equal(after, await client.TagOfAsync(url));
        Assert.Equal(HttpStatusCode.OK, (await client.GetIfNoneMatch(url, before)).StatusCode);

        await (await client.SendWith(method, url, staleBody, "If-Match", before)).ExpectProblem(HttpStatusCode.PreconditionFailed, "etag_mismatch");
        Assert.Equal(after, await client.TagOfAsync(url));
        return after;
    }

    /// <summary>Two writers send the same tag at once: exactly one is answered 200, the other 412.</summary>
    public static async Task ExactlyOneOfTwoWinsAsync(HttpClient first, HttpClient second, string url, HttpMethod method, object firstBody, object secondBody)
    {
        var tag = await first.TagOfAsync(url);
        var answers = await Task.WhenAll(
            first.SendWith(method, url, firstBody, "If-Match", tag),
            second.SendWith(method, url, secondBody, "If-Match", tag));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], answers.Select(a => a.StatusCode).Order().ToList());
        var winner = answers.Single(a => a.StatusCode == HttpStatusCode.OK);
        Assert.Equal(winner.ETag(), await first.TagOfAsync(url));
    }

    /// <summary>Malformed conditional headers are 400 <c>etag_malformed</c> on the read and on the write, and change nothing.</summary>
    public static async Task MalformedTagsAre400Async(this HttpClient client, string url, HttpMethod method, object? body)
    {
        var tag = await client.TagOfAsync(url);
        foreach (var junk in new[] { "garbage", "\"", "W/", tag.Trim('"'), new string('x', 10_000) })
        {
            await (await client.SendWith(method, url, body, "If-Match", junk)).ExpectProblem(HttpStatusCode.BadRequest, "etag_malformed");
            await (await client.GetIfNoneMatch(url, junk)).ExpectProblem(HttpStatusCode.BadRequest, "etag_malformed");
        }
        Assert.Equal(tag, await client.TagOfAsync(url));
    }

    /// <summary>A write without <c>If-Match</c> goes ahead as it always did, and answers the new tag.</summary>
    public static async Task BlindWriteGoesAheadAsync(this HttpClient client, string url, HttpMethod method, object body)
    {
        var blind = await client.SendWith(method, url, body);
        await blind.Expect(HttpStatusCode.OK);
        Assert.Equal(await client.TagOfAsync(url), blind.ETag());
    }

    /// <summary>
    /// DELETE with a tag made stale by <paramref name="change"/> (a PATCH) is 412 and the item stays; with the current
    /// tag it goes, and a read is then 404.
    /// </summary>
    public static async Task DeleteHonoursIfMatchAsync(this HttpClient client, string url, object change)
    {
        var old = await client.TagOfAsync(url);
        await (await client.PatchJson(url, change)).Expect(HttpStatusCode.OK);
        await (await client.SendWith(HttpMethod.Delete, url, null, "If-Match", old)).ExpectProblem(HttpStatusCode.PreconditionFailed, "etag_mismatch");
        await (await client.GetAsync(url)).Expect(HttpStatusCode.OK);
        await (await client.SendWith(HttpMethod.Delete, url, null, "If-Match", await client.TagOfAsync(url))).Expect(HttpStatusCode.NoContent);
        await (await client.GetAsync(url)).ExpectProblem(HttpStatusCode.NotFound);
    }
}
