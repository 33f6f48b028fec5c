using System.ComponentModel.DataAnnotations;

namespace Atrium.Api.Infrastructure.Configuration;

/// <summary>Settings of organizations and projects (section <c>Spaces</c>).</summary>
public sealed class SpacesOptions
{
    public const string Section = "Spaces";

    /// <summary>An invitation expires this many days after it was made.</summary>
    [Range(1, 365)] public int InvitationDays { get; set; } = 7;
}
