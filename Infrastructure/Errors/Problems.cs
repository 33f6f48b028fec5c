using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Atrium.Api.Infrastructure.Errors;

/// <summary>
/// The one way a slice answers an expected failure: RFC 9457 problem details with a stable
/// machine-readable <c>code</c>. <c>trace_id</c> and defaults are added by <see cref="ProblemDetailsSetup"/>.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult Of(int status, string code, string? detail = null, string? title = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title ?? TitleOf(status), Detail = detail };
        problem.Extensions["code"] = code;
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string code = "validation_failed", string? detail = null)
    {
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more fields are invalid.",
            Detail = detail ?? string.Join(" ", errors.SelectMany(e => e.Value).Take(3)),
        };
        problem.Extensions["code"] = code;
        return TypedResults.Problem(problem);
    }

    /// <summary>A 400 about one field, with a specific code (for business rules such as <c>deal_amount_must_be_positive</c>).</summary>
    public static ProblemHttpResult Invalid(string field, string code, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] }, code, message);

    public static ProblemHttpResult BadRequest(string code, string detail) => Of(StatusCodes.Status400BadRequest, code, detail);

    public static ProblemHttpResult Unauthorized(string code = "unauthenticated", string? detail = null) =>
        Of(StatusCodes.Status401Unauthorized, code, detail ?? "Authentication is required.");

    /// <summary>403: the caller can see the resource but lacks <paramref name="permission"/>.</summary>
    public static ProblemHttpResult Forbidden(string permission, string? detail = null)
    {
        var result = Of(StatusCodes.Status403Forbidden, "permission_denied", detail ?? $"This action needs the permission '{permission}'.");
        result.ProblemDetails.Extensions["permission"] = permission;
        return result;
    }

    /// <summary>403 for a rule that is not a single permission (e.g. <c>stage_rollback_forbidden</c>).</summary>
    public static ProblemHttpResult ForbiddenBy(string code, string detail) => Of(StatusCodes.Status403Forbidden, code, detail);

    public static ProblemHttpResult NotFound(string code = "not_found", string? detail = null) =>
        Of(StatusCodes.Status404NotFound, code, detail ?? "The resource does not exist or is not visible to you.");

    public static ProblemHttpResult Conflict(string code, string detail) => Of(StatusCodes.Status409Conflict, code, detail);

    public static ProblemHttpResult PreconditionFailed(string detail = "The resource has changed since you read it (ETag mismatch).") =>
        Of(StatusCodes.Status412PreconditionFailed, "etag_mismatch", detail);

    public static ProblemHttpResult TooManyRequests(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = (int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = Of(StatusCodes.Status429TooManyRequests, "rate_limited", $"Too many attempts; retry in {seconds} s.");
        result.ProblemDetails.Extensions["retry_after"] = seconds;
        return result;
    }

    public static string TitleOf(int status) => status switch
    {
        400 => "The request is invalid.",
        401 => "Authentication is required.",
        403 => "You lack the permission for this action.",
        404 => "Not found.",
        405 => "Method not allowed.",
        408 => "The request took too long to arrive.",
        409 => "The request conflicts with the current state.",
        412 => "Precondition failed.",
        413 => "Payload too large.",
        415 => "Unsupported media type.",
        429 => "Too many requests.",
        503 => "A service the API depends on is unavailable.",
        _ when status >= 500 => "An unexpected error occurred.",
        _ => "The request failed.",
    };

    public static string DefaultCodeOf(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        408 => "request_timeout",
        411 => "length_required",
        414 => "uri_too_long",
        431 => "headers_too_large",
        409 => "conflict",
        412 => "etag_mismatch",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        429 => "rate_limited",
        503 => "service_unavailable",
        _ when status >= 500 => "internal_error",
        _ => "error",
    };
}
