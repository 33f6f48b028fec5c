using Atrium.Api.Infrastructure.Mail;
using Dapper;
using Npgsql;

namespace Atrium.Api.Features.Spaces.Invitations;

/// <summary>The message that tells an invited address about its invitation, in the language of the account it belongs to (else the inviter's).</summary>
public static class InvitationMail
{
    private const string Facts = """
        select s.name as space, coalesce(inviter.name, inviter.username, inviter.email) as inviter,
               coalesce((select u.locale from users u where lower(u.email) = lower(@to) and u.email_confirmed_at is not null), inviter.locale) as locale
        from spaces s, users inviter
        where s.id = @spaceId and inviter.id = @inviterId
        """;

    /// <summary>Queues the message in the caller's transaction, so it goes out exactly when the invitation exists.</summary>
    public static async Task EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string to, long spaceId, long inviterId, CancellationToken ct)
    {
        var facts = await connection.QuerySingleAsync<(string Space, string Inviter, string Locale)>(new CommandDefinition(Facts,
            new { to, spaceId, inviterId }, tx, cancellationToken: ct));
        await Build(to, facts.Space, facts.Inviter, facts.Locale).EnqueueAsync(connection, tx, ct);
    }

    public static OutgoingMail Build(string to, string space, string inviter, string locale) => locale == Locales.Russian
        ? OutgoingMail.FromParagraphs(to, $"Приглашение в «{space}» в Atrium",
            [$"{inviter} приглашает вас в «{space}».",
             "Войдите в Atrium с этим адресом (или зарегистрируйтесь и подтвердите его) и примите приглашение в разделе «Мои приглашения»."])
        : OutgoingMail.FromParagraphs(to, $"You are invited to {space} on Atrium",
            [$"{inviter} invites you to {space}.",
             "Log in to Atrium with this address (or sign up and confirm it) and accept the invitation under My invitations."]);
}
