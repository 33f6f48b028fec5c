using System.ComponentModel.DataAnnotations;

using Atrium.Api.Infrastructure.Configuration;

namespace Atrium.Api.Features.Crm;

/// <summary>CRM settings (section <c>Crm</c>).</summary>
public sealed class CrmOptions : IAreaOptions
{
    public static string Section => "Crm";

    /// <summary>
    /// How long deal analytics stay cached in Redis; a deal change of the organization makes them stale at once anyway.
    /// 0: no cache, every request reads live (and Redis is not asked).
    /// </summary>
    [Range(0, 86_400)] public int AnalyticsCacheSeconds { get; set; } = 30;
}
