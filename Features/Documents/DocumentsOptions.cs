using System.ComponentModel.DataAnnotations;
using Atrium.Api.Infrastructure.Configuration;

namespace Atrium.Api.Features.Documents;

/// <summary>Document settings (section <c>Documents</c>).</summary>
public sealed class DocumentsOptions : IAreaOptions
{
    public static string Section => "Documents";

    /// <summary>Largest file accepted by an upload or a new version (413 past it).</summary>
    [Range(1, 16L * 1024 * 1024 * 1024)] public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Plaintext bytes per encrypted chunk of stored content.</summary>
    [Range(4096, 4 * 1024 * 1024)] public int ChunkBytes { get; set; } = 256 * 1024;

    /// <summary>Content types an upload may declare (415 <c>unsupported_content_type</c> otherwise).</summary>
    public string[] AllowedContentTypes { get; set; } =
    [
        "application/pdf", "text/plain", "text/csv", "text/markdown", "application/json", "application/xml",
        "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
        "application/rtf", "image/png", "image/jpeg", "image/tiff", "application/zip", "application/octet-stream",
    ];

    /// <summary>Where new content goes: <c>postgres</c> (chunk rows, the default) or <c>folder</c> (files under <see cref="FolderPath"/>).</summary>
    [RegularExpression("^(postgres|folder)$")] public string Store { get; set; } = "postgres";

    /// <summary>The folder of the folder store: a volume every replica mounts (read-write).</summary>
    public string FolderPath { get; set; } = ".local/documents";

    /// <summary>How much of a text file's content is indexed for full-text search (characters).</summary>
    [Range(0, 10_000_000)] public int MaxIndexedTextChars { get; set; } = 1_000_000;
}
