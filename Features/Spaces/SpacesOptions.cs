using System.ComponentModel.DataAnnotations;

using Atrium.Api.Infrastructure.Configuration;

namespace Atrium.Api.Features.Spaces;

/// <summary>Settings of organizations and projects (section <c>Spaces</c>).</summary>
public sealed class SpacesOptions : IAreaOptions
{
    public static string Section => "Spaces";

    /// <summary>An invitation expires this many days after it was made.</summary>
    [Range(1, 365)] public int InvitationDays { get; set; } = 7;

    /// <summary>A deleted space can be restored by its owner for this many days; then it is purged with everything in it.</summary>
    [Range(1, 3650)] public int RestoreDays { get; set; } = 30;

    /// <summary>Members one person may add directly, over all spaces, per window.</summary>
    public RateLimitRule MemberAddsPerActor { get; set; } = new() { Limit = 60, WindowSeconds = 3600 };

    /// <summary>Invitations one person may make, over all spaces, per window.</summary>
    public RateLimitRule InvitationsPerActor { get; set; } = new() { Limit = 60, WindowSeconds = 3600 };

    /// <summary>Join requests one person may make or withdraw, over all spaces, per window (each writes audit events).</summary>
    public RateLimitRule JoinRequestsPerUser { get; set; } = new() { Limit = 30, WindowSeconds = 3600 };
}
