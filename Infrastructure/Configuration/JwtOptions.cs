using System.ComponentModel.DataAnnotations;

namespace Atrium.Api.Infrastructure.Configuration;

/// <summary>JSON Web Token settings (section <c>Jwt</c>).</summary>
public sealed class JwtOptions
{
    public const string Section = "Jwt";

    [Required] public string Issuer { get; set; } = "atrium";
    [Required] public string Audience { get; set; } = "atrium-api";

    /// <summary>HMAC-SHA256 key; at least 32 bytes of UTF-8. Production refuses to start without one.</summary>
    public string SigningKey { get; set; } = "";

    [Range(1, 1440)] public int AccessTokenMinutes { get; set; } = 15;
}
