using System.ComponentModel.DataAnnotations;

using Atrium.Api.Infrastructure.Configuration;

namespace Atrium.Api.Features.Crm;

/// <summary>CRM settings (section <c>Crm</c>).</summary>
public sealed class CrmOptions : IAreaOptions
{
    public static string Section => "Crm";

    /// <summary>How long deal analytics stay cached in Redis; a deal change of the organization makes them stale at once anyway.</summary>
    [Range(1, 86_400)] public int AnalyticsCacheSeconds { get; set; } = 30;
}
