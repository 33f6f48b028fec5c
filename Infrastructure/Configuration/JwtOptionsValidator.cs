using System.Text;
using Microsoft.Extensions.Options;

namespace Atrium.Api.Infrastructure.Configuration;

/// <summary>Checks that cannot be written as attributes, such as the signing key in Production.</summary>
public sealed class JwtOptionsValidator(IHostEnvironment environment) : IValidateOptions<JwtOptions>
{
    public const int MinimumKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        var bytes = Encoding.UTF8.GetByteCount(options.SigningKey ?? "");
        if (bytes >= MinimumKeyBytes)
            return ValidateOptionsResult.Success;
        return environment.IsProduction() || bytes > 0
            ? ValidateOptionsResult.Fail($"Jwt:SigningKey must be at least {MinimumKeyBytes} bytes of UTF-8 (set Jwt__SigningKey).")
            : ValidateOptionsResult.Fail("Jwt:SigningKey is missing (set Jwt__SigningKey; Development has one in appsettings.Development.json).");
    }
}
