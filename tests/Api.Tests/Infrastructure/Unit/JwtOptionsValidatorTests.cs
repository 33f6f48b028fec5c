using Atrium.Api.Infrastructure.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Atrium.Api.Tests.Infrastructure.Unit;

public sealed class JwtOptionsValidatorTests
{
    private sealed class Env(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Api";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    [Theory]
    [InlineData("Production", "", false)]
    [InlineData("Production", "too-short-key", false)]
    [InlineData("Production", "0123456789abcdef0123456789abcdef", true)]
    [InlineData("Development", "", false)]
    [InlineData("Development", "0123456789abcdef0123456789abcdef", true)]
    public void Production_refuses_a_missing_or_short_signing_key(string environment, string key, bool valid)
    {
        var result = new JwtOptionsValidator(new Env(environment)).Validate(null, new JwtOptions { SigningKey = key });
        Assert.Equal(valid, result.Succeeded);
    }
}
