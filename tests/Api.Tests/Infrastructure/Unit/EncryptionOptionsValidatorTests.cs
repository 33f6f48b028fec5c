using Atrium.Api.Infrastructure.Crypto;

namespace Atrium.Api.Tests.Infrastructure.Unit;

public sealed class EncryptionOptionsValidatorTests
{
    private const string Good = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    [Theory]
    [InlineData("", null, false)]                              // nothing configured (Production without settings)
    [InlineData("k1", null, false)]                            // the active id names no key
    [InlineData("k1", "not base64!", false)]
    [InlineData("k1", "AAECAwQFBgcICQoLDA0ODw==", false)]      // 16 bytes
    [InlineData("k1", Good, true)]
    public void The_active_key_must_exist_and_be_32_bytes(string active, string? key, bool valid)
    {
        var options = new EncryptionOptions { ActiveKeyId = active };
        if (key is not null)
            options.Keys["k1"] = key;
        Assert.Equal(valid, new EncryptionOptionsValidator().Validate(null, options).Succeeded);
    }
}
