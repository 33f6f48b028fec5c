namespace Atrium.Api.Tests.Infrastructure;

/// <summary>A clock the test moves by hand; replaces <see cref="TimeProvider.System"/> in a factory.</summary>
public sealed class MutableClock : TimeProvider
{
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;

    public void Advance(TimeSpan by) => _offset += by;
}
