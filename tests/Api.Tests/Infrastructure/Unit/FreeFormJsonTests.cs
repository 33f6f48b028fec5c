using System.Text.Json;
using Atrium.Api.Infrastructure.Json;

namespace Atrium.Api.Tests.Infrastructure.Unit;

public sealed class FreeFormJsonTests
{
    private static string? Check(string json, int maxBytes = 1024)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 512 });
        return FreeFormJson.Problem(document.RootElement, maxBytes);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"a\": [1, \"two\", {\"b\": null}], \"c\": true}")]
    [InlineData("{\"ключ\": \"значение\", \"emoji\": \"\\ud83d\\ude00\"}")]
    public void Storable_objects_pass(string json) => Assert.Null(Check(json));

    [Theory]
    [InlineData("[]", "object")]
    [InlineData("\"text\"", "object")]
    [InlineData("{\"a\": \"\\u0000\"}", "NUL")]
    [InlineData("{\"\\u0000\": 1}", "NUL")]
    [InlineData("{\"a\": \"\\ud800\"}", "surrogate")]
    [InlineData("{\"\\udc00x\": 1}", "surrogate")]
    [InlineData("{\"a\": [[\"\\ud800\"]]}", "surrogate")]
    public void Unstorable_objects_say_why(string json, string reason) => Assert.Contains(reason, Check(json));

    [Fact]
    public void Nesting_is_bounded_counting_arrays_too()
    {
        string Nest(int arrays) => new string('[', arrays) + "1" + new string(']', arrays);
        Assert.Null(Check("{\"a\": " + Nest(FreeFormJson.MaxDepth - 1) + "}"));
        Assert.Contains("levels", Check("{\"a\": " + Nest(FreeFormJson.MaxDepth) + "}"));
    }

    [Fact]
    public void Size_is_bounded() => Assert.Contains("bytes", Check("{\"a\": \"" + new string('x', 100) + "\"}", maxBytes: 50));
}
