using Atrium.Api.Infrastructure.Auth;

namespace Atrium.Api.Tests.Infrastructure.Unit;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("12345678", true)]
    [InlineData("1234567", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("        ", false)]
    public void Length_and_blankness(string? password, bool accepted) =>
        Assert.Equal(accepted, PasswordPolicy.Check(password, 8) is null);

    [Fact]
    public void Exactly_72_bytes_is_accepted_73_is_not()
    {
        Assert.Null(PasswordPolicy.Check(new string('a', 72), 8));
        Assert.NotNull(PasswordPolicy.Check(new string('a', 73), 8));
        // 36 two-byte characters are 72 bytes; one more is 74.
        Assert.Null(PasswordPolicy.Check(new string('ж', 36), 8));
        Assert.NotNull(PasswordPolicy.Check(new string('ж', 37), 8));
    }

    [Theory]
    [InlineData("$2a$12$abcdefghijklmnopqrstuv", 12)]
    [InlineData("$2b$04$abcdefghijklmnopqrstuv", 4)]
    [InlineData("garbage", 0)]
    public void The_cost_is_read_from_the_hash(string hash, int cost) => Assert.Equal(cost, PasswordHasher.CostOf(hash));
}

public sealed class RefreshTokenTests
{
    [Fact]
    public void A_new_token_parses_back_to_its_session_and_hash()
    {
        var sid = SessionIds.New();
        var (token, hash) = RefreshTokens.New(sid);
        var parsed = RefreshTokens.Parse(token);
        Assert.NotNull(parsed);
        Assert.Equal(sid, parsed.Value.SessionId);
        Assert.Equal(hash, parsed.Value.Hash);
    }

    [Fact]
    public void Two_tokens_of_one_session_differ() =>
        Assert.NotEqual(RefreshTokens.New("AAAAAAAAAAAAAAAAAAAAAA").Hash, RefreshTokens.New("AAAAAAAAAAAAAAAAAAAAAA").Hash);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("nodot")]
    [InlineData(".secret")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA.")]
    [InlineData("short.secret")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA.a.b")]
    [InlineData("AAAAAAAAAAAAAAAAAAAA!!.secret")]
    public void Malformed_tokens_do_not_parse(string? token) => Assert.Null(RefreshTokens.Parse(token));
}
