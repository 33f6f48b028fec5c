using Atrium.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atrium.Api.Infrastructure.Permissions;

/// <summary>The <c>X-Organization-Id</c> header that CRM and document routes require.</summary>
public static class OrganizationContext
{
    public const string Header = "X-Organization-Id";

    /// <summary>The organization id of the request, or a 400 problem when the header is missing or not a positive integer.</summary>
    public static (long Id, ProblemHttpResult? Problem) Read(HttpContext http)
    {
        var values = http.Request.Headers[Header];
        if (values.Count == 0 || string.IsNullOrWhiteSpace(values[0]))
            return (0, Problems.BadRequest("organization_header_missing", $"The {Header} header is required."));
        if (values.Count > 1 || !long.TryParse(values[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) || id <= 0)
            return (0, Problems.BadRequest("organization_header_invalid", $"The {Header} header must be one positive integer."));
        return (id, null);
    }
}
