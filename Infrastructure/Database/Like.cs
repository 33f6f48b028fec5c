namespace Atrium.Api.Infrastructure.Database;

/// <summary>Patterns for <c>like</c> built from user text: the wildcards of the text are matched literally.</summary>
public static class Like
{
    /// <summary><c>%text%</c> in lower case, with <c>\</c>, <c>%</c> and <c>_</c> escaped (PostgreSQL's default escape is <c>\</c>).</summary>
    public static string? Contains(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var escaped = text.Trim().ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
