using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>
/// The service runs as the API role, which reads and writes rows and nothing more: it cannot change the
/// schema, switch the audit triggers off, or change or remove audit events (Sql/0040_api_role.sql).
/// </summary>
public sealed class DatabaseRolesTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task The_service_connects_as_the_api_role()
    {
        var dataSource = factory.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(TemplateDatabase.AppRole, await connection.QuerySingleAsync<string>("select current_user"));
        Assert.False(await connection.QuerySingleAsync<bool>("select rolsuper from pg_roles where rolname = current_user"));
    }

    [Theory]
    [InlineData("update audit_events set action = 'space.renamed'")]
    [InlineData("delete from audit_events")]
    [InlineData("truncate audit_events")]
    [InlineData("alter table audit_events disable trigger all")]
    [InlineData("drop table audit_events")]
    [InlineData("create table scratch (id int)")]
    [InlineData("alter table users add column nickname text")]
    [InlineData("delete from schemaversions")]
    public async Task The_api_role_cannot_change_the_audit_trail_or_the_schema(string sql)
    {
        await (await factory.Anonymous().PostJson("/api/v1/auth/register", new
        {
            email = $"audit.{Guid.NewGuid():N}@example.com",
            password = Users.DefaultPassword,
            name = "Auditor",
            organization_name = "Audited Inc",
        })).Expect(HttpStatusCode.Created);

        await using var app = new NpgsqlConnection(factory.AppConnectionString);
        await app.OpenAsync();
        Assert.True(await app.QuerySingleAsync<long>("select count(*) from audit_events") > 0);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => app.ExecuteAsync(sql));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }
}
