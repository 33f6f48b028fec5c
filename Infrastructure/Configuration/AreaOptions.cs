using System.Reflection;

namespace Atrium.Api.Infrastructure.Configuration;

/// <summary>
/// The settings of one feature area, kept beside the area (<c>Features/Crm/CrmOptions.cs</c>) and bound from
/// <see cref="Section"/> with data-annotation validation at start, like the plumbing's own options.
/// </summary>
public interface IAreaOptions
{
    static abstract string Section { get; }
}

public static class AreaOptions
{
    /// <summary>Binds and validates every <see cref="IAreaOptions"/> class of the service.</summary>
    public static void AddAll(IServiceCollection services)
    {
        var add = typeof(AreaOptions).GetMethod(nameof(Add), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var type in typeof(AreaOptions).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IAreaOptions).IsAssignableFrom(t))
                     .OrderBy(t => t.FullName, StringComparer.Ordinal))
            add.MakeGenericMethod(type).Invoke(null, [services]);
    }

    private static void Add<T>(IServiceCollection services) where T : class, IAreaOptions =>
        services.AddOptions<T>().BindConfiguration(T.Section).ValidateDataAnnotations().ValidateOnStart();
}
