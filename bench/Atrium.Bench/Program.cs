using Atrium.Bench;

// Side-by-side measurements of design choices, reported as ratios from one run.
// Usage: dotnet run -c Release --project bench/Atrium.Bench -- [sessions|permissions|jobs|documents|all|bcrypt|bcrypt-parallel] [--seconds N]
var mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).FirstOrDefault(3);
var duration = TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 60));

var redis = Environment.GetEnvironmentVariable("ConnectionStrings__Redis") ?? "127.0.0.1:56379";
var postgres = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
    ?? "Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres;Database=atrium";

if (mode is "sessions" or "all")
    await SessionTouchBench.RunAsync(redis, duration);
if (mode is "permissions" or "all")
    await PermissionCheckBench.RunAsync(postgres, duration);
if (mode is "jobs" or "all")
    await JobsBench.RunAsync(postgres, backlog: 2000, samples: 40);
if (mode is "documents" or "all")
    await DocumentTransferBench.RunAsync(postgres, redis, rounds: Math.Clamp(seconds, 3, 15));
if (mode is "bcrypt")
{
    // One BCrypt verify at cost 12 on one core, in milliseconds (the median of 9): the login capacity is cores ÷ this.
    var hash = BCrypt.Net.BCrypt.HashPassword("bench-password-1", 12);
    var times = Enumerable.Range(0, 9).Select(_ =>
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        BCrypt.Net.BCrypt.Verify("bench-password-1", hash);
        return watch.Elapsed.TotalMilliseconds;
    }).Order().ToList();
    Console.WriteLine(times[4].ToString("F1", System.Globalization.CultureInfo.InvariantCulture));
}
if (mode is "bcrypt-parallel")
{
    // Verifies per second from one thread per core hashing flat out for 3 s: what the machine gives hashing at this
    // moment. On an idle machine it is cores ÷ one verify; on a shared one, whatever the other work leaves.
    var hash = BCrypt.Net.BCrypt.HashPassword("bench-password-1", 12);
    var until = DateTime.UtcNow.AddSeconds(3);
    var watch = System.Diagnostics.Stopwatch.StartNew();
    var done = 0;
    var threads = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new Thread(() =>
    {
        while (DateTime.UtcNow < until)
        {
            BCrypt.Net.BCrypt.Verify("bench-password-1", hash);
            Interlocked.Increment(ref done);
        }
    })).ToList();
    threads.ForEach(t => t.Start());
    threads.ForEach(t => t.Join());
    Console.WriteLine((done / watch.Elapsed.TotalSeconds).ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
}
if (mode is "peer-sql")
{
    // The exact SQL and session script of the service, written for the Fastify peer (bench/peer) to run the same and for
    // the pgbench scripts of scripts/bench-http.sh that must run what an endpoint sends.
    var dir = args.SkipWhile(a => a != "peer-sql").Skip(1).FirstOrDefault() ?? ".";
    Directory.CreateDirectory(dir);
    static string Constant(Type type, string name) => (string)type.GetField(name,
        System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)!.GetRawConstantValue()!;
    File.WriteAllText(Path.Combine(dir, "touch.lua"), Constant(typeof(Atrium.Api.Infrastructure.Auth.SessionStore), "TouchScript"));
    File.WriteAllText(Path.Combine(dir, "member.sql"), Constant(typeof(Atrium.Api.Infrastructure.Permissions.PermissionEngine), "MemberSql"));
    File.WriteAllText(Path.Combine(dir, "is-member.sql"), Constant(typeof(Atrium.Api.Infrastructure.Permissions.PermissionEngine), "IsMemberSql"));
    File.WriteAllText(Path.Combine(dir, "contact.sql"), Constant(typeof(Atrium.Api.Features.Crm.Contacts.GetContact.GetContactEndpoint), "Select"));
    File.WriteAllText(Path.Combine(dir, "summary.sql"), Constant(typeof(Atrium.Api.Features.Crm.Analytics.DealsSummary.DealsSummaryEndpoint), "Summary"));
    File.WriteAllText(Path.Combine(dir, "deals.sql"), Atrium.Api.Infrastructure.Database.PageSql.Rows("crm_deals d", Atrium.Api.Features.Crm.Deals.DealSql.Columns,
        ["d.organization_id = @organizationId"], $"{Atrium.Api.Features.Crm.Deals.ListDeals.ListDealsEndpoint.OrderColumns["created_at"]} desc, d.id desc"));
    File.WriteAllText(Path.Combine(dir, "members.sql"),
        Atrium.Api.Features.Spaces.Members.FilterByPermissions.FilterByPermissionsEndpoint.SqlFor(permissions: true, groups: true, role: false, text: false));
    Console.WriteLine(dir);
}
