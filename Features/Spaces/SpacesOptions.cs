using System.ComponentModel.DataAnnotations;

using Atrium.Api.Infrastructure.Configuration;

namespace Atrium.Api.Features.Spaces;

/// <summary>Settings of organizations and projects (section <c>Spaces</c>).</summary>
public sealed class SpacesOptions : IAreaOptions
{
    public static string Section => "Spaces";

    /// <summary>An invitation expires this many days after it was made.</summary>
    [Range(1, 365)] public int InvitationDays { get; set; } = 7;
}
