using Atrium.Api.Infrastructure.Http;

namespace Atrium.Api.Tests.Infrastructure.Unit;

/// <summary>The conditional headers as every resource with an entity tag reads them.</summary>
public sealed class EntityTagsTests
{
    [Fact]
    public void A_tag_is_strong_and_names_id_version_and_derived_parts()
    {
        Assert.Equal("\"42-3\"", EntityTags.Strong(42, 3));
        Assert.Equal("\"42-3-17-none\"", EntityTags.Strong(42, 3, 17, null));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("*", true)]
    [InlineData("\"42-3\"", true)]
    [InlineData("\"1-1\", \"42-3\"", true)]
    [InlineData("\"42-2\"", false)]
    [InlineData("W/\"42-3\"", false)]
    public void If_match_is_a_strong_comparison_and_absent_means_go_ahead(string? header, bool allowed)
    {
        Assert.Equal(allowed, EntityTags.IfMatchAllows(header, "\"42-3\""));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("W/\"abc\"", true)]
    [InlineData("\"abc\"", true)]
    [InlineData("\"x\", W/\"abc\"", true)]
    [InlineData("*", true)]
    [InlineData("W/\"abd\"", false)]
    public void If_none_match_is_a_weak_comparison(string? header, bool hit)
    {
        Assert.Equal(hit, EntityTags.IfNoneMatchHits(header, "W/\"abc\""));
    }

    [Theory]
    [InlineData("\"42-3\"")]
    [InlineData("W/\"42-3\"")]
    [InlineData("\"\"")]
    [InlineData("\"a\",\"b\" , W/\"c\"")]
    [InlineData("\"a,b\"")]
    [InlineData(" * ")]
    public void Well_formed_headers(string header)
    {
        Assert.True(EntityTags.IsWellFormed(header));
    }

    [Theory]
    [InlineData("42-3")]
    [InlineData("garbage")]
    [InlineData("\"")]
    [InlineData("W/")]
    [InlineData("W/\"")]
    [InlineData("\"a\" \"b\"")]
    [InlineData("\"a b\"")]
    [InlineData("\"a\"x")]
    [InlineData("*, \"a\"")]
    [InlineData(",")]
    [InlineData("w/\"a\"")]
    public void Malformed_headers(string header)
    {
        Assert.False(EntityTags.IsWellFormed(header));
        Assert.False(EntityTags.IfMatchAllows(header, "\"42-3\""));
        Assert.False(EntityTags.IfNoneMatchHits(header, "\"42-3\""));
    }

    [Fact]
    public void A_long_header_is_read_without_trouble()
    {
        Assert.False(EntityTags.IsWellFormed(new string('x', 10_000)));
        Assert.True(EntityTags.IsWellFormed("\"" + new string('x', 10_000) + "\""));
    }
}
