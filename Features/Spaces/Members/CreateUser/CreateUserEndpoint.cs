using System.Security.Claims;
using Atrium.Api.Features.Identity;
using Atrium.Api.Features.Spaces.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Mail;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.Redis;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Features.Spaces.Members.CreateUser;

public sealed record CreateUserRequest(string Email, string Name, string? Username, string? Position, DateOnly? BirthDate, string Role, long[]? GroupIds);

public sealed class CreateUserValidator : AbstractValidator<CreateUserRequest>
{
    public CreateUserValidator(TimeProvider clock)
    {
        RuleFor(r => r.Email).NotEmpty().Must(IdentityRules.IsEmail).WithMessage("'email' must be an e-mail address.");
        RuleFor(r => r.Name).Must(n => n?.Trim().Length is >= 1 and <= 200).WithMessage("'name' must be 1–200 characters.");
        RuleFor(r => r.Username).Must(IdentityRules.IsUsername!).When(r => r.Username is not null)
            .WithMessage("'username' must be 3–32 letters, digits, '_', '.' or '-'.");
        RuleFor(r => r.Position).MaximumLength(200);
        RuleFor(r => r.BirthDate)
            .Must(d => d!.Value <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) && d.Value.Year >= 1900)
            .When(r => r.BirthDate is not null)
            .WithMessage("'birth_date' must be a past date after 1900.");
        RuleFor(r => r.Role).Must(RoleRules.IsAssignable).WithMessage("'role' must be admin, manager or member.");
        RuleFor(r => r.GroupIds).Must(g => g is null || g.Length <= 100).WithMessage("At most 100 groups.");
    }
}

public sealed class CreateUserEndpoint : ICarterModule
{
    private const string InsertUser = """
        insert into users (email, username, name, position, birth_date, locale)
        values (@email, @username, @name, @position, @birthDate, (select locale from users where id = @createdBy))
        returning id, locale
        """;

    private const string OrganizationName = "select name from spaces where id = @id";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (_, group) in app.MapSpaceGroups().Where(g => g.Kind == SpaceKind.Organization))
            group.MapPost("/users", Handle)
                .Validate<CreateUserRequest>()
                .WithName(SpacesRoutes.Name(SpaceKind.Organization, "CreateUser"))
                .WithSummary("Make an account for someone and add it to the organization (members.manage).")
                .WithDescription("The account has no password: a link to choose one (single use, 72 hours, `POST /auth/set-password`) "
                    + "is mailed to the address, which that proves. Audit events `account.created` and `member.added`. "
                    + "409 `account_exists` when an account has the address (invite it instead), 409 `username_taken`. "
                    + "The admin role needs `admins.manage`; groups as for adding a member.")
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    private static async Task<Results<Created<MemberResponse>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, CreateUserRequest request, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db,
        IOptions<AuthOptions> auth, IOptions<MailOptions> mail, IOptions<SpacesOptions> spaces, RateLimiter limiter, CancellationToken ct)
    {
        if (caller.Require(SpacePermissions.MembersManage) is { } denied)
            return denied;
        var limit = await limiter.HitAsync("member-adds:" + caller.UserId, spaces.Value.MemberAddsPerActor);
        if (!limit.Allowed)
            return Problems.TooManyRequests(http, limit.RetryAfter);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await RoleHandOut.CheckAsync(connection, tx, caller, null, null, request.Role, ct) is { } roleProblem)
            return roleProblem;
        var groupIds = request.GroupIds ?? [];
        if (await MemberChecks.CheckGroupsAsync(connection, tx, caller, groupIds, ct) is { } groupProblem)
            return groupProblem;

        var email = request.Email.Trim();
        (long Id, string Locale) account;
        try
        {
            account = await connection.QuerySingleAsync<(long, string)>(new CommandDefinition(InsertUser, new
            {
                email,
                request.Username,
                name = request.Name.Trim(),
                position = string.IsNullOrWhiteSpace(request.Position) ? null : request.Position.Trim(),
                request.BirthDate,
                createdBy = user.UserId(),
            }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.IsUniqueViolation("users_email_key"))
        {
            return Problems.Conflict("account_exists", "An account has this address already: invite it instead.");
        }
        catch (PostgresException e) when (e.IsUniqueViolation("users_username_key"))
        {
            return Problems.Conflict("username_taken", "This username is taken.");
        }

        var actor = AuditActor.From(http);
        await AuditLog.WriteAsync(connection, tx, actor, caller.SpaceId, "account.created", "user", account.Id, null,
            new { Id = account.Id, Email = email, request.Username, Name = request.Name.Trim(), request.Position, request.BirthDate }, ct);
        await Memberships.InsertAsync(connection, tx, caller.SpaceId, account.Id, request.Role, groupIds, ct);
        var after = await Memberships.SnapshotAsync(connection, tx, caller.SpaceId, account.Id, ct);
        await AuditLog.WriteAsync(connection, tx, actor, caller.SpaceId, "member.added", "member", account.Id, null, after, ct);

        var hours = auth.Value.SetPasswordHours;
        var (token, _) = await AccountTokens.IssueAsync(connection, tx, account.Id, AccountTokens.SetPassword, email, hours * 60, withCode: false, ct);
        var organization = await connection.QuerySingleAsync<string>(new CommandDefinition(OrganizationName, new { id = caller.SpaceId }, tx, cancellationToken: ct));
        await IdentityMail.SetPassword(email, request.Name.Trim(), organization, AccountTokens.Link(mail.Value, "set-password", token), token, hours, account.Locale)
            .EnqueueAsync(connection, tx, ct);

        var member = (await MemberResponse.ReadAsync(connection, caller.SpaceId, account.Id, ct, tx))!;
        await tx.CommitAsync(ct);
        return TypedResults.Created($"{SpacesRoutes.BasePath(caller.Kind)}/{caller.SpaceId}/members/{account.Id}", member);
    }
}
