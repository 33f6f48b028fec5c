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
    // Only people who share a space with the caller: an id or an address of anyone else finds nobody, so these
    // routes cannot be used to learn who has an account (or their e-mail) or to pull strangers into a space.
    private const string Find = """
        select u.id, u.email from users u
        where ((@userId::bigint is not null and u.id = @userId)
               or (@email::text is not null and lower(u.email) = lower(@email) and u.email_confirmed_at is not null))
          and users_share_live_space(@callerId, u.id)
        limit 1
        """;

    /// <summary>The person named by <paramref name="userId"/> or <paramref name="email"/>, when they share a space with <paramref name="callerId"/>.</summary>
    public static Task<UserRef?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long callerId, long? userId, string? email,
        CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<UserRef?>(new CommandDefinition(Find,
            new { callerId, userId, email = email?.Trim() }, tx, cancellationToken: ct));

    private const string MemberByEmail = """
        select u.id, u.email from memberships m join users u on u.id = m.user_id
        where m.space_id = @spaceId and lower(u.email) = lower(@email)
        """;

    /// <summary>The member of the space with this address, if any (the caller already sees the space's members).</summary>
    public static Task<UserRef?> FindMemberByEmailAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long spaceId, string email,
        CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<UserRef?>(new CommandDefinition(MemberByEmail, new { spaceId, email = email.Trim() }, tx, cancellationToken: ct));

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound() =>
        Atrium.Api.Infrastructure.Errors.Problems.NotFound("user_not_found",
            "Nobody you share a space with has this id or e-mail; invite them by e-mail instead.");

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
