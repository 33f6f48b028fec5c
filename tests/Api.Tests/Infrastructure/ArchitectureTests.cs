using System.Net;
using System.Text.RegularExpressions;
using Atrium.Api.Infrastructure.Database;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>The conventions of the code base, checked so that a slip shows up in review as a red test.</summary>
public sealed partial class ArchitectureTests
{
    private static readonly string Root = AtriumFactory.RepositoryRoot();

    private static IEnumerable<string> SourcesUnder(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [Fact]
    public void Infrastructure_is_plumbing_and_never_depends_on_a_feature()
    {
        var offenders = SourcesUnder("Infrastructure")
            .Where(f => File.ReadAllText(f).Contains("Atrium.Api.Features", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f))
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void No_two_sub_areas_of_an_area_depend_on_each_other()
    {
        var uses = new Dictionary<string, HashSet<string>>();
        foreach (var area in Directory.EnumerateDirectories(Path.Combine(Root, "Features")))
        {
            var areaNamespace = "Atrium.Api.Features." + Path.GetFileName(area);
            foreach (var sub in Directory.EnumerateDirectories(area))
            {
                var name = $"{areaNamespace}.{Path.GetFileName(sub)}";
                uses[name] = SourcesUnder(Path.GetRelativePath(Root, sub))
                    .SelectMany(f => SubAreaReference().Matches(File.ReadAllText(f)).Select(m => m.Value))
                    .Where(n => n.StartsWith(areaNamespace + ".", StringComparison.Ordinal) && n != name)
                    .ToHashSet();
            }
        }
        var circles = uses.SelectMany(a => a.Value.Where(b => uses.TryGetValue(b, out var back) && back.Contains(a.Key))
            .Select(b => $"{a.Key} <-> {b}")).ToList();
        Assert.Empty(circles);
    }

    [GeneratedRegex(@"pg_(try_)?advisory_lock(_shared)?\(|\bset\s+session\b|set_config\([^)]*,\s*false\s*\)|""\s*(un)?listen\s|create\s+(temp|temporary)\s+table|\bprepare\s+\w+\s+as\b", RegexOptions.IgnoreCase)]
    private static partial Regex SessionState();

    [GeneratedRegex(@"Atrium\.Api\.Features\.\w+\.\w+")]
    private static partial Regex SubAreaReference();

    [Fact]
    public void Endpoints_answer_with_typed_results_so_the_openapi_document_is_exact()
    {
        var offenders = SourcesUnder("Features")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => UntypedResult().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(Root, x.f)}:{x.i + 1}")
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void Dapper_parameters_are_camel_case_in_every_area()
    {
        var offenders = SourcesUnder("Features").Concat(SourcesUnder("Infrastructure"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => PascalCaseParameter().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(Root, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void No_statement_leaves_state_on_a_pooled_connection()
    {
        // Pooled connections go back without a reset (decision 43): a session-level setting, lock, temporary table or
        // LISTEN would reach the next request. The migrator's lock is on a connection of its own; the job worker undoes its LISTEN.
        string[] allowed = ["Infrastructure/Database/Migrator.cs", "Infrastructure/Jobs/JobWorker.cs"];
        var offenders = SourcesUnder("Features").Concat(SourcesUnder("Infrastructure"))
            .Where(f => !allowed.Contains(Path.GetRelativePath(Root, f).Replace('\\', '/')))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => SessionState().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(Root, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.Empty(offenders);
        Assert.Matches(SessionState(), "select pg_advisory_lock(@key)");
        Assert.Matches(SessionState(), "set session statement_timeout = 5");
        Assert.Matches(SessionState(), "select set_config('app.user', @user, false)");
        Assert.Matches(SessionState(), "\"listen atrium_jobs\"");
        Assert.DoesNotMatch(SessionState(), "select pg_advisory_xact_lock(@key)");
        Assert.DoesNotMatch(SessionState(), "update memberships set role = @role");
    }

    [Fact]
    public void Program_is_a_table_of_contents_without_sql_or_rules()
    {
        var program = File.ReadAllText(Path.Combine(Root, "Program.cs"));
        Assert.DoesNotMatch(SqlKeyword(), program);
        Assert.True(program.Split('\n').Length < 40, "Program.cs grew past a table of contents");
    }

    [Fact]
    public void Migrations_are_numbered_uniquely_and_all_of_them_are_embedded()
    {
        var files = Directory.GetFiles(Path.Combine(Root, "Sql"), "*.sql").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        Assert.All(files, f => Assert.Matches(MigrationName(), f));
        var numbers = files.Select(f => f[..4]).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());

        var embedded = Migrator.ScriptNames().Select(n => n["Atrium.Api.Sql.".Length..]).ToList();
        Assert.Equal(files, embedded);
    }

    [GeneratedRegex(@"(?<![A-Za-z])Results\.(Ok|Problem|NotFound|Created|NoContent|BadRequest|Json|Conflict)\(")]
    private static partial Regex UntypedResult();

    /// <summary>An <c>@Name</c> in SQL text, or a PascalCase name handed to <c>DynamicParameters.Add</c>.</summary>
    [GeneratedRegex(@"(?<![\w@])@[A-Z]\w*|\bparameters\.Add\(""[A-Z]")]
    private static partial Regex PascalCaseParameter();

    [GeneratedRegex(@"(?i)\b(select|insert into|update \w+ set|delete from)\b")]
    private static partial Regex SqlKeyword();

    [GeneratedRegex(@"^\d{4}_[a-z0-9_]+\.sql$")]
    private static partial Regex MigrationName();
}

public sealed class OperationNamingTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Every_operation_has_a_unique_operation_id_for_client_generators()
    {
        var document = await (await factory.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var ids = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => ((string?)o.Value!["operationId"], $"{o.Key} {p.Key}")))
            .ToList();
        Assert.All(ids, id => Assert.False(string.IsNullOrEmpty(id.Item1), $"{id.Item2} has no operationId"));
        Assert.Equal(ids.Count, ids.Select(i => i.Item1).Distinct().Count());
    }
}
