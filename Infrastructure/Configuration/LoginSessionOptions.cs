using System.ComponentModel.DataAnnotations;

namespace Atrium.Api.Infrastructure.Configuration;

/// <summary>Login session settings (section <c>Sessions</c>).</summary>
public sealed class LoginSessionOptions
{
    public const string Section = "Sessions";

    /// <summary>A session dies this long after its last request.</summary>
    [Range(1, 60 * 24 * 30)] public int IdleMinutes { get; set; } = 120;

    /// <summary>No sliding renewal past this age.</summary>
    [Range(1, 365)] public int AbsoluteDays { get; set; } = 30;
}
