using System.Reflection;
using System.Text.RegularExpressions;
using Atrium.Api.Infrastructure.Permissions;
using Dapper;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>The permission codes of the C# code and of the seeded catalog are the same set, and slices name them by constant.</summary>
public sealed partial class PermissionCatalogTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    /// <summary>Seeded for areas the specification describes and the code does not have yet (documents, the shop).</summary>
    private static readonly string[] SeededForAreasToCome =
        ["documents.create", "documents.manage_all", "documents.manage_own", "documents.send", "documents.sign", "statistics.view"];

    private static IReadOnlyList<(string Name, string Code)> MarkedConstants() =>
        typeof(PermissionCodeAttribute).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.GetCustomAttribute<PermissionCodeAttribute>() is not null)
            .Select(f => ($"{f.DeclaringType!.Name}.{f.Name}", (string)f.GetRawConstantValue()!))
            .ToList();

    private async Task<IReadOnlyList<string>> CatalogAsync()
    {
        await using var db = await factory.OpenDatabaseAsync();
        return (await db.QueryAsync<string>("select code from permissions order by code")).ToList();
    }

    [Fact]
    public async Task Every_code_of_the_code_is_in_the_catalog_and_every_catalog_code_is_in_the_code()
    {
        var catalog = await CatalogAsync();
        var constants = MarkedConstants();

        Assert.NotEmpty(constants);
        Assert.Empty(constants.Where(c => !catalog.Contains(c.Code)).Select(c => c.Name));
        Assert.Empty(catalog.Except(constants.Select(c => c.Code)).Except(SeededForAreasToCome));
        Assert.Empty(SeededForAreasToCome.Intersect(constants.Select(c => c.Code)));
        Assert.Equal(constants.Count, constants.Select(c => c.Code).Distinct().Count());
    }

    [Fact]
    public async Task Slices_name_a_permission_code_by_its_constant_never_as_a_literal()
    {
        var catalog = (await CatalogAsync()).ToHashSet(StringComparer.Ordinal);
        var root = AtriumFactory.RepositoryRoot();
        var offenders = Directory.EnumerateFiles(Path.Combine(root, "Features"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(root, f), Line: i + 1, Text: line)))
            .Where(l => !l.Text.Contains("[PermissionCode]", StringComparison.Ordinal))
            .Where(l => Literal().Matches(l.Text).Any(m => catalog.Contains(m.Groups[1].Value)))
            .Select(l => $"{l.File}:{l.Line}")
            .ToList();
        Assert.Empty(offenders);
    }

    // a string literal that is exactly a code (texts that merely mention a code, in quotes inside a message, do not match)
    [GeneratedRegex("(?<![\\w'])\"([a-z][a-z0-9_]*\\.[a-z0-9_]+)\"")]
    private static partial Regex Literal();
}
