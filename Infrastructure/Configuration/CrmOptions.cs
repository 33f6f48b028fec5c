using System.ComponentModel.DataAnnotations;

namespace Atrium.Api.Infrastructure.Configuration;

/// <summary>CRM settings (section <c>Crm</c>).</summary>
public sealed class CrmOptions
{
    public const string Section = "Crm";

    /// <summary>How long deal analytics stay cached in Redis; a deal change of the organization makes them stale at once anyway.</summary>
    [Range(1, 86_400)] public int AnalyticsCacheSeconds { get; set; } = 30;
}
