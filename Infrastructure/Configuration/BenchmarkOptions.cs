using Atrium.Api.Infrastructure.Permissions;
using Microsoft.Extensions.Options;

namespace Atrium.Api.Infrastructure.Configuration;

/// <summary>
/// Settings that exist for the HTTP benchmark only (section <c>Benchmarks</c>, <c>scripts/bench-http.sh</c>); every one
/// is off by default and stays off in any deployment.
/// </summary>
public sealed class BenchmarkOptions : IAreaOptions
{
    public static string Section => "Benchmarks";

    /// <summary>
    /// Map the raw-Npgsql twins of chosen read endpoints under <c>/api/v1/bench/raw</c>: the same SQL, binder and answer
    /// as the endpoint, read with <c>NpgsqlDataReader</c> instead of Dapper, so the benchmark can tell what Dapper costs.
    /// </summary>
    public bool RawTwins { get; set; }
}

public static class BenchmarkRoutes
{
    public const string RawPrefix = "/bench/raw";

    /// <summary>
    /// The group of a raw twin in the organization of <c>X-Organization-Id</c>: <c>/api/v1/bench/raw{prefix}</c>, left out of
    /// the OpenAPI document; null (nothing mapped) unless <c>Benchmarks:RawTwins</c> is on.
    /// </summary>
    public static RouteGroupBuilder? MapRawTwinGroup(this IEndpointRouteBuilder app, string prefix) =>
        app.ServiceProvider.GetRequiredService<IOptions<BenchmarkOptions>>().Value.RawTwins
            ? app.MapOrganizationGroup(RawPrefix + prefix, "Benchmarks").ExcludeFromDescription()
            : null;
}
