using Atrium.Api.Features.Tracker.Rules;

namespace Atrium.Api.Tests.Features.Tracker.Rules;

public sealed class TaskETagsTests
{
    [Fact]
    public void A_task_tag_is_strong_and_names_id_and_version()
    {
        Assert.Equal("\"42-3\"", TaskETags.Of(42, 3));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("*", true)]
    [InlineData("\"42-3\"", true)]
    [InlineData("\"1-1\", \"42-3\"", true)]
    [InlineData("\"42-2\"", false)]
    [InlineData("W/\"42-3\"", false)]
    [InlineData("42-3", false)]
    public void If_match_is_a_strong_comparison_and_absent_means_go_ahead(string? header, bool allowed)
    {
        Assert.Equal(allowed, TaskETags.IfMatchAllows(header, "\"42-3\""));
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
        Assert.Equal(hit, TaskETags.IfNoneMatchHits(header, "W/\"abc\""));
    }

    [Fact]
    public void A_weak_tag_changes_with_the_representation()
    {
        var one = TaskETags.Weak("[1]"u8);
        Assert.StartsWith("W/\"", one);
        Assert.Equal(one, TaskETags.Weak("[1]"u8));
        Assert.NotEqual(one, TaskETags.Weak("[2]"u8));
    }
}
