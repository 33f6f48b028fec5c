using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Documents.GetSigningKey;

public sealed record SigningKeyResponse(long UserId, string Algorithm, string PublicKeyPem, DateTime CreatedAt);

public sealed class GetSigningKeyEndpoint : ICarterModule
{
    // The key of the caller, or of someone who shares an organization with them.
    private const string Sql = """
        select k.user_id, 'ECDSA P-256 SHA-256' as algorithm, k.public_key_pem, k.created_at
        from user_signing_keys k
        where k.user_id = @userId
          and (k.user_id = @me or exists (
                select 1 from memberships a
                join memberships b on b.space_id = a.space_id and b.user_id = @userId
                join spaces s on s.id = a.space_id and s.kind = 'organization'
                where a.user_id = @me))
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/users").WithTags(DocumentsRoutes.Tag).RequireAuthorization()
            .MapGet("/{id:long}/signing-key", Handle)
            .WithName("GetSigningKey")
            .WithSummary("A person's public signing key (PEM), to verify their signatures elsewhere.")
            .WithDescription("For the person themself and for anyone who shares an organization with them; 404 `signing_key_not_found` "
                + "otherwise and for someone who has not signed yet (the key pair is made on first signature).")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<SigningKeyResponse>, ProblemHttpResult>> Handle(long id, HttpContext http, NpgsqlDataSource db,
        CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var key = await connection.QuerySingleOrDefaultAsync<SigningKeyResponse>(new CommandDefinition(Sql,
            new { userId = id, me = http.User.UserId() }, cancellationToken: ct));
        return key is null
            ? Problems.NotFound("signing_key_not_found", "This person has no signing key you can see.")
            : TypedResults.Ok(key);
    }
}
