using System.Net;
using System.Security.Cryptography;
using System.Text;
using Atrium.Api.Infrastructure.Crypto;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Tests.Features.Documents;

/// <summary>Two master keys: <c>old</c> and the active <c>new</c>, as during a rotation.</summary>
public sealed class RotatingKeysFactory : AtriumFactory
{
    public const string OldKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    public const string NewKey = "HyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4=";

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Encryption:ActiveKeyId"] = "new";
        settings["Encryption:Keys:old"] = OldKey;
        settings["Encryption:Keys:new"] = NewKey;
        return settings;
    }
}

/// <summary>Content at rest is AES-256-GCM under per-version data keys wrapped by a master key that can be rotated.</summary>
public sealed class DocumentEncryptionTests(RotatingKeysFactory factory) : IClassFixture<RotatingKeysFactory>
{
    private static KeyRing Ring(string id, string key) =>
        new(Options.Create(new EncryptionOptions { ActiveKeyId = id, Keys = new() { [id] = key } }));

    [Fact]
    public async Task The_stored_bytes_are_not_the_plaintext()
    {
        var organization = await factory.NewOrganizationAsync();
        var marker = "CONFIDENTIAL-SALARY-TABLE " + new string('z', 2000);
        var id = await organization.Owner.Client.CreateTextIdAsync("Salaries", marker);

        await using var db = await factory.OpenDatabaseAsync();
        var stored = (await db.QueryAsync<byte[]>(
            "select c.data from document_chunks c join document_versions v on v.id = c.version_id where v.document_id = @id", new { id })).Single();
        var plain = Encoding.UTF8.GetBytes(marker);
        Assert.Equal(plain.Length + 16, stored.Length); // ciphertext + GCM tag
        Assert.Equal(-1, stored.AsSpan().IndexOf("CONFIDENTIAL"u8));
        Assert.False(stored.AsSpan(0, plain.Length).SequenceEqual(plain));
        var version = await db.QuerySingleAsync<(string KeyId, byte[] Wrapped)>(
            "select key_id, wrapped_key from document_versions where document_id = @id", new { id });
        Assert.Equal("new", version.KeyId);
        Assert.Equal(12 + 32 + 16, version.Wrapped.Length);
        Assert.Equal(marker, await organization.Owner.Client.GetStringAsync($"/api/v1/documents/{id}/content"));
    }

    [Fact]
    public void A_wrong_master_key_does_not_unwrap()
    {
        var right = Ring("k", RotatingKeysFactory.OldKey);
        var wrong = Ring("k", RotatingKeysFactory.NewKey);
        var wrapped = right.Wrap(RandomNumberGenerator.GetBytes(32));
        Assert.ThrowsAny<CryptographicException>(() => wrong.Unwrap(wrapped));
        Assert.ThrowsAny<CryptographicException>(() => right.Unwrap(wrapped with { KeyId = "other" }));
    }

    [Fact]
    public async Task Content_whose_key_was_wrapped_by_another_master_key_is_refused_not_served()
    {
        var organization = await factory.NewOrganizationAsync();
        var id = await organization.Owner.Client.CreateTextIdAsync();
        var foreign = Ring("new", "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=").Wrap(RandomNumberGenerator.GetBytes(32));
        await using (var db = await factory.OpenDatabaseAsync())
            await db.ExecuteAsync("update document_versions set wrapped_key = @bytes where document_id = @id", new { bytes = foreign.Bytes, id });
        await (await organization.Owner.Client.GetAsync($"/api/v1/documents/{id}/content"))
            .ExpectProblem(HttpStatusCode.Conflict, "content_unreadable");
    }

    [Fact]
    public async Task Rewrapping_moves_every_key_to_the_active_master_key_and_content_still_reads()
    {
        var organization = await factory.NewOrganizationAsync();
        var signer = await factory.AddPersonAsync(organization, "member", DocumentsWorld.Worker);
        var id = await organization.Owner.Client.CreateTextIdAsync("Old", "wrapped under the old key");
        await organization.Owner.Client.SendAsync(id, toUser: signer.Id);
        await (await signer.Client.PostJson($"/api/v1/documents/{id}/sign", new { })).Expect(HttpStatusCode.Created);

        // as if written before the rotation: the data key and the private key wrapped by "old"
        var active = factory.Services.GetRequiredService<KeyRing>();
        var old = Ring("old", RotatingKeysFactory.OldKey);
        await using (var db = await factory.OpenDatabaseAsync())
        {
            var version = await db.QuerySingleAsync<(string KeyId, byte[] Wrapped)>("select key_id, wrapped_key from document_versions where document_id = @id", new { id });
            var rewrapped = old.Wrap(active.Unwrap(new WrappedKey(version.KeyId, version.Wrapped)));
            await db.ExecuteAsync("update document_versions set key_id = 'old', wrapped_key = @bytes where document_id = @id", new { bytes = rewrapped.Bytes, id });
            var key = await db.QuerySingleAsync<(string KeyId, byte[] Wrapped)>("select key_id, wrapped_private_key from user_signing_keys where user_id = @u", new { u = signer.Id });
            var wrappedKey = old.Wrap(active.Unwrap(new WrappedKey(key.KeyId, key.Wrapped)));
            await db.ExecuteAsync("update user_signing_keys set key_id = 'old', wrapped_private_key = @bytes where user_id = @u", new { bytes = wrappedKey.Bytes, u = signer.Id });
        }
        Assert.Equal("wrapped under the old key", await organization.Owner.Client.GetStringAsync($"/api/v1/documents/{id}/content"));

        var count = await RewrapKeys.RunAsync(factory.Services.GetRequiredService<NpgsqlDataSource>(), active, NullLogger.Instance);
        Assert.True(count >= 2);
        Assert.Equal(0, await factory.CountAsync("select count(*) from document_versions where key_id <> 'new'"));
        Assert.Equal(0, await factory.CountAsync("select count(*) from user_signing_keys where key_id <> 'new'"));
        Assert.Equal("wrapped under the old key", await organization.Owner.Client.GetStringAsync($"/api/v1/documents/{id}/content"));
        var list = (await (await organization.Owner.Client.GetAsync($"/api/v1/documents/{id}/signatures")).Expect(HttpStatusCode.OK))["items"]!;
        Assert.Equal("valid", (string?)list[0]!["verification"]);
        var second = await organization.Owner.Client.CreateTextIdAsync();
        await organization.Owner.Client.SendAsync(second, toUser: signer.Id);
        await (await signer.Client.PostJson($"/api/v1/documents/{second}/sign", new { })).Expect(HttpStatusCode.Created); // the rewrapped private key opens
    }
}
