using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Text.Json;
using Atrium.Api.Infrastructure.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc;

namespace Atrium.Api.Infrastructure.Errors;

public static class ProblemDetailsSetup
{
    public static IServiceCollection AddProblemDetailsPath(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            problem.Status = status;
            problem.Title ??= Problems.TitleOf(status);
            problem.Extensions.TryAdd("code", Problems.DefaultCodeOf(status));
            problem.Extensions["trace_id"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
            problem.Extensions.Remove("traceId");
            problem.Extensions.Remove("requestId");
            if (status == StatusCodes.Status404NotFound && problem.Detail is null)
                problem.Detail = "The resource does not exist or is not visible to you.";
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddExceptionHandler<UnexpectedErrorHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Problem details for every error status an endpoint or the framework produced without a body.</summary>
    public static IApplicationBuilder UseProblemDetailsPath(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

/// <summary>
/// Turns request-shape failures (malformed JSON, wrong JSON types, unparsable parameters, oversized bodies)
/// into 400/413 problems, a dependency outage into 503 and a lost deadlock into 409 (see
/// <see cref="DependencyFailures"/>); anything else is unexpected: logged and answered with a bare 500 problem.
/// </summary>
public sealed class UnexpectedErrorHandler(IProblemDetailsService problems, ILogger<UnexpectedErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        if (exception is BadHttpRequestException bad)
        {
            problem = FromBadRequest(bad);
        }
        else if (exception is Npgsql.PostgresException pg && ValueRefusedByDatabase(pg) is { } refused)
        {
            // A safety net: slices validate input, but a value PostgreSQL cannot store (a NUL character,
            // a number or date out of its range) must still be the client's 400, never a 500.
            logger.LogWarning("PostgreSQL refused a value ({SqlState}) for {Method} {Path}", pg.SqlState, httpContext.Request.Method, httpContext.Request.Path);
            problem = refused;
        }
        else if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true; // the client went away; nobody is listening
        }
        else if (DependencyFailures.Classify(exception) is { } failure)
        {
            failure.Log(logger, httpContext);
            problem = failure.ToProblem(httpContext);
        }
        else
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails { Status = 500, Title = Problems.TitleOf(500) };
            problem.Extensions["code"] = "internal_error";
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails? ValueRefusedByDatabase(Npgsql.PostgresException e)
    {
        var (code, detail) = e.SqlState switch
        {
            "22021" or "22P05" => ("invalid_text", "Text must not contain the NUL character or characters the database cannot store."),
            "22003" => ("value_out_of_range", "A number is out of the accepted range."),
            "22008" => ("value_out_of_range", "A date or time is out of the accepted range."),
            "22P02" => ("invalid_value", "A value has the wrong format."),
            _ => (null, null),
        };
        if (code is null)
            return null;
        var problem = new ProblemDetails { Status = 400, Title = Problems.TitleOf(400), Detail = detail };
        problem.Extensions["code"] = code;
        return problem;
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException bad)
    {
        var status = bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : 400;
        var json = FindJsonException(bad);
        if (json is not null && json.Data.Contains(NulFreeText.ExceptionMarker))
        {
            var field = JsonPathToField(json.Path);
            var message = NulFreeText.MessageFor(field);
            var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = 400,
                Title = Problems.TitleOf(400),
                Detail = message,
            };
            problem.Extensions["code"] = NulFreeText.Code;
            return problem;
        }
        if (json is not null && UnknownMemberOf(json) is { } unknown)
        {
            var field = json.Path is null || json.Path == "$" || JsonPathToField(json.Path) == "body"
                ? unknown
                : JsonPathToField(json.Path);
            if (!field.EndsWith(unknown, StringComparison.Ordinal))
                field = $"{field}.{unknown}";
            var message = $"'{field}' is not a field of this request.";
            var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = 400,
                Title = Problems.TitleOf(400),
                Detail = message,
            };
            problem.Extensions["code"] = "unknown_field";
            return problem;
        }
        if (json is not null)
        {
            var field = JsonPathToField(json.Path);
            var message = json.Path is null || json.Path == "$"
                ? "The body is not valid JSON of the expected shape."
                : $"'{field}' has the wrong JSON type or is malformed.";
            var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = 400,
                Title = "The request body is malformed.",
                Detail = message,
            };
            problem.Extensions["code"] = "malformed_json";
            return problem;
        }

        if (status == 400 && ParameterOf(bad.Message) is { } parameter)
        {
            // A query, route or header value that does not parse: name the parameter as the client wrote it,
            // never the server's types.
            var message = parameter.Missing ? $"'{parameter.Name}' is required." : $"'{parameter.Name}' has the wrong format.";
            var invalid = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [parameter.Name] = [message] })
            {
                Status = 400,
                Title = Problems.TitleOf(400),
                Detail = message,
            };
            invalid.Extensions["code"] = "invalid_parameter";
            return invalid;
        }

        var (code, detail) = status switch
        {
            408 => ("request_timeout", "The request body arrived too slowly."),
            413 => ("payload_too_large", "The request body is too large."),
            415 => ("unsupported_media_type", "The request body must be JSON (Content-Type: application/json)."),
            _ when bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) => ("malformed_request", "The request body is missing or malformed."),
            _ => ("invalid_parameter", "A parameter of the request is missing or has the wrong format."),
        };
        var other = new ProblemDetails { Status = status, Title = Problems.TitleOf(status), Detail = detail };
        other.Extensions["code"] = code;
        return other;
    }

    // Minimal APIs report a parameter they could not bind as  Failed to bind parameter "Nullable<decimal> MinAmount" from "x".
    // or  Required parameter "int Page" was not provided from query string.  Only the name is kept, in snake_case.
    private static readonly Regex ParameterMessage = new(
        "^(?<kind>Failed to bind parameter|Required parameter) \"[^\"]*?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"", RegexOptions.CultureInvariant);

    private static (string Name, bool Missing)? ParameterOf(string message)
    {
        var match = ParameterMessage.Match(message);
        if (!match.Success)
            return null;
        return (SnakeCase(match.Groups["name"].Value), match.Groups["kind"].Value == "Required parameter");
    }

    // System.Text.Json refuses a member no property maps (JsonUnmappedMemberHandling.Disallow) with
    //   The JSON property 'colour' could not be mapped to any .NET member contained in type '…'.
    // It carries no other marker; only the member's name is kept, never the type.
    private static readonly Regex UnmappedMember = new(
        "^The JSON property '(?<name>.*?)' could not be mapped to any \\.NET member", RegexOptions.CultureInvariant | RegexOptions.Singleline);

    private static string? UnknownMemberOf(JsonException json)
    {
        var match = UnmappedMember.Match(json.Message);
        return match.Success ? match.Groups["name"].Value : null;
    }

    private static string SnakeCase(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    private static JsonException? FindJsonException(Exception e)
    {
        for (var current = e.InnerException; current is not null; current = current.InnerException)
            if (current is JsonException j)
                return j;
        return null;
    }

    private static string JsonPathToField(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
            return "body";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }
}
