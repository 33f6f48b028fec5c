using Atrium.Api.Features.Tracker.Rules;

namespace Atrium.Api.Tests.Features.Tracker.Rules;

public sealed class TaskETagsTests
{
    [Fact]
    public void A_task_tag_is_strong_and_names_id_and_version()
    {
        Assert.Equal("\"42-3\"", TaskETags.Of(42, 3));
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
