namespace Atrium.Api.Features.Crm;

/// <summary>Turning user text into SQL LIKE patterns safely.</summary>
public static class SqlText
{
    /// <summary>A lower-case <c>like</c> pattern that matches <paramref name="text"/> anywhere, with <c>%</c>, <c>_</c> and <c>\</c> taken literally.</summary>
    public static string ContainsPattern(string text)
    {
        var escaped = text.Trim().ToLowerInvariant().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
        return "%" + escaped + "%";
    }
}
