using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL or Redis server of one test class alone, on a free port with its data under
/// <c>.local/faults/</c>, so a fault test may stop, freeze and restart it while every other class keeps
/// using the shared servers.
/// </summary>
public abstract class PrivateServer : IAsyncDisposable
{
    protected PrivateServer(string kind)
    {
        Port = FreePort();
        Directory = Path.Combine(AtriumFactory.RepositoryRoot(), ".local", "faults", $"{kind}-{Port}-{Guid.NewGuid().ToString("N")[..8]}");
        System.IO.Directory.CreateDirectory(Directory);
    }

    public int Port { get; }
    public string Directory { get; }

    public abstract ValueTask DisposeAsync();

    protected static bool IsRoot => Environment.UserName == "root";

    protected static async Task<string> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start " + file);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await output}{await error}");
        return await output;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A private PostgreSQL cluster (initdb, trust on loopback, no fsync: a stopped server keeps every commit, a machine crash would not).</summary>
public sealed class PrivatePostgres : PrivateServer
{
    private readonly string _bin;

    private PrivatePostgres() : base("pg")
    {
        _bin = System.IO.Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => d, StringComparer.Ordinal)
            .FirstOrDefault() ?? throw new InvalidOperationException("No PostgreSQL binaries under /usr/lib/postgresql/*/bin.");
    }

    public string Data => Path.Combine(Directory, "data");

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=5";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var server = new PrivatePostgres();
        if (IsRoot)
            await RunAsync("chown", "postgres:", server.Directory);
        await server.AsPostgresAsync("initdb", "-D", server.Data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8");
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the stopped cluster again and waits until it accepts connections.</summary>
    public Task StartAgainAsync() => AsPostgresAsync("pg_ctl", "-D", Data, "-l", Path.Combine(Directory, "postgres.log"), "-w", "-t", "60",
        "-o", $"-p {Port} -k {Directory} -c listen_addresses=127.0.0.1 -c fsync=off", "start");

    /// <summary>What an operator's <c>pg_ctl stop -m immediate</c> does: every backend dies at once, no clean shutdown.</summary>
    public Task StopImmediatelyAsync() => AsPostgresAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");

    /// <summary>
    /// Every process of the cluster stops answering (SIGSTOP) while its sockets stay open, as on a host that
    /// hangs: connections are accepted by the kernel and statements never return.
    /// </summary>
    public Task FreezeAsync() => SignalClusterAsync("-STOP");

    public Task ThawAsync() => SignalClusterAsync("-CONT");

    private async Task SignalClusterAsync(string signal)
    {
        var postmaster = (await File.ReadAllLinesAsync(Path.Combine(Data, "postmaster.pid")))[0].Trim();
        string children;
        try
        {
            children = await RunAsync("ps", "-o", "pid=", "--ppid", postmaster);
        }
        catch (InvalidOperationException)
        {
            children = ""; // ps exits 1 when there are none
        }
        var pids = children.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // The postmaster first on the way down (no new backend is forked), last on the way up.
        string[] order = signal == "-STOP" ? [postmaster, .. pids] : [.. pids, postmaster];
        await RunAsync("kill", [signal, .. order]);
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await ThawAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            // not running
        }
        try
        {
            await AsPostgresAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private Task<string> AsPostgresAsync(string tool, params string[] args) =>
        IsRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
            : RunAsync(Path.Combine(_bin, tool), args);
}

/// <summary>A private redis-server (no persistence) that a test may kill, freeze and start again on the same port.</summary>
public sealed class PrivateRedis : PrivateServer
{
    private Process? _process;

    private PrivateRedis() : base("redis")
    {
    }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<PrivateRedis> StartAsync()
    {
        var server = new PrivateRedis();
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server unless it runs.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is { HasExited: false })
            return;
        var info = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--dir", Directory, "--save", "", "--appendonly", "no", "--daemonize", "no" })
            info.ArgumentList.Add(arg);
        _process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start redis-server");
        _ = _process.StandardOutput.ReadToEndAsync();
        _ = _process.StandardError.ReadToEndAsync();
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException("redis-server did not listen on port " + Port);
    }

    /// <summary>The process dies at once (SIGKILL), as in a crash.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited)
            return;
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>The process stops answering but keeps its connections open (SIGSTOP), as a frozen server does.</summary>
    public Task FreezeAsync() => RunAsync("kill", "-STOP", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public Task ThawAsync() => RunAsync("kill", "-CONT", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public override async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            await ThawAsync();
            await KillAsync();
        }
        _process?.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>A Redis started and stopped by the project's own <c>scripts/stack.sh</c>, as <c>scripts/run.sh</c> does (durable, not ATRIUM_FAST).</summary>
public sealed class ScriptedRedis : PrivateServer
{
    private ScriptedRedis() : base("stack")
    {
    }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<ScriptedRedis> StartAsync()
    {
        var server = new ScriptedRedis();
        await server.StackAsync("stack_redis_start");
        return server;
    }

    /// <summary>What an operator's <c>scripts/run.sh stop</c> and a new <c>scripts/run.sh</c> do to Redis.</summary>
    public async Task RestartAsync()
    {
        await StackAsync("stack_redis_stop");
        await StackAsync("stack_redis_start");
    }

    public override async ValueTask DisposeAsync()
    {
        await StackAsync("stack_redis_stop");
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private async Task StackAsync(string function)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AtriumFactory.RepositoryRoot() };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("source scripts/stack.sh && " + function);
        info.Environment["ATRIUM_STACK_DIR"] = Directory;
        info.Environment["ATRIUM_REDIS_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["ATRIUM_FAST"] = "0";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot run scripts/stack.sh");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"scripts/stack.sh {function} exited {process.ExitCode}: {await output}{await error}");
    }
}
