using System.Net.Http.Headers;

namespace Atrium.Api.Infrastructure.Mail;

/// <summary>The languages mail is written in.</summary>
public static class Locales
{
    public const string English = "en";
    public const string Russian = "ru";

    public static readonly IReadOnlyList<string> Supported = [English, Russian];

    public static bool IsSupported(string? locale) => locale is not null && Supported.Contains(locale);

    /// <summary>The supported language the client prefers most (by <c>Accept-Language</c> quality), else English.</summary>
    public static string FromAcceptLanguage(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
            return English;
        var ranked = new List<(string Tag, double Quality)>();
        foreach (var part in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (StringWithQualityHeaderValue.TryParse(part, out var value))
                ranked.Add((value.Value, value.Quality ?? 1));
        foreach (var (tag, _) in ranked.Where(r => r.Quality > 0).OrderByDescending(r => r.Quality))
        {
            var language = tag.Split('-')[0].ToLowerInvariant();
            if (IsSupported(language))
                return language;
        }
        return English;
    }
}
