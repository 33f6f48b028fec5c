using System.ComponentModel.DataAnnotations;
using Atrium.Api.Infrastructure.Configuration;

namespace Atrium.Api.Infrastructure.OpenApi;

/// <summary>OpenAPI document settings (section <c>OpenApi</c>).</summary>
public sealed class ApiDocumentOptions : IAreaOptions
{
    public static string Section => "OpenApi";

    /// <summary>
    /// The <c>servers</c> entry of the document: the public base address clients call (e.g. <c>https://api.example.com</c>),
    /// never taken from the request's Host header. The default <c>/</c> means "where this document was read".
    /// </summary>
    [Required, RegularExpression("^(/|https?://[^\\s]+)$", ErrorMessage = "OpenApi:ServerUrl must be / or an absolute http(s) address.")]
    public string ServerUrl { get; set; } = "/";
}
