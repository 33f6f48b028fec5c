using Dapper;
using FluentValidation;
using Npgsql;

namespace Atrium.Api.Features.Spaces.Members;

public sealed record UserRef(long Id, string Email);

/// <summary>
/// Finding the person a request names by <c>user_id</c> or by <c>email</c> (without regard to case). An address finds
/// only an account that has confirmed it: whoever registered an address without reading its mail does not own it.
/// </summary>
public static class UserLookup
{
    private const string Find = """
        select id, email from users
        where (@userId::bigint is not null and id = @userId)
           or (@email::text is not null and lower(email) = lower(@email) and email_confirmed_at is not null)
        limit 1
        """;

    public static Task<UserRef?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long? userId, string? email, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<UserRef?>(new CommandDefinition(Find,
            new { userId, email = email?.Trim() }, tx, cancellationToken: ct));

    /// <summary>Exactly one of <c>user_id</c> and <c>email</c>; an e-mail of a sane shape.</summary>
    public static void ExactlyOneTarget<T>(AbstractValidator<T> validator, Func<T, long?> userId, Func<T, string?> email)
    {
        validator.RuleFor(r => r).Must(r => userId(r) is null != string.IsNullOrWhiteSpace(email(r)))
            .OverridePropertyName("user_id").WithMessage("Give exactly one of 'user_id' and 'email'.");
        validator.RuleFor(r => userId(r)).GreaterThan(0).When(r => userId(r) is not null).OverridePropertyName("user_id");
        validator.RuleFor(r => email(r)).Must(e => e!.Trim().Length <= 254 && System.Text.RegularExpressions.Regex.IsMatch(e.Trim(), @"^[^@\s]+@[^@\s]+$"))
            .When(r => !string.IsNullOrWhiteSpace(email(r))).OverridePropertyName("email").WithMessage("'email' must be an e-mail address.");
    }
}
