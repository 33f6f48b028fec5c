using System.Text.Json.Nodes;
using Atrium.Api.Infrastructure.Redis;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;

namespace Atrium.Api.Tests.Infrastructure.Unit;

/// <summary>The settings of decision 43 that the request path's cost rests on.</summary>
public sealed class HotPathSettingsTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public void Pooled_connections_go_back_without_reset_statements()
    {
        var dataSource = factory.Services.GetRequiredService<NpgsqlDataSource>();
        Assert.True(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).NoResetOnClose);
    }

    [Fact]
    public void Redis_replies_are_read_on_the_thread_pool()
    {
        var options = RedisSetup.OptionsFor("127.0.0.1:6379", 1000);
        Assert.Same(SocketManager.ThreadPool, options.SocketManager);
        Assert.Equal(BacklogPolicy.FailFast, options.BacklogPolicy);
    }

    [Fact]
    public void The_service_runs_with_thread_pool_spinning_off()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Api.runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"]!;
        Assert.Equal(0, (int)properties["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]!);
    }
}
