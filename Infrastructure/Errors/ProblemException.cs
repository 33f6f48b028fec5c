using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atrium.Api.Infrastructure.Errors;

/// <summary>
/// An expected refusal raised while binding a handler's parameters, where a problem cannot be returned
/// (a <c>BindAsync</c> returns a value or nothing), or by the shared hashing queue when it is full
/// (<see cref="Auth.HashingQueue"/>). Handlers return their problems.
/// </summary>
public sealed class ProblemException(ProblemHttpResult problem, int? retryAfterSeconds = null) : Exception(problem.ProblemDetails.Detail)
{
    public ProblemHttpResult Problem { get; } = problem;

    /// <summary>Written as <c>Retry-After</c> (the exception path clears the headers set before the throw).</summary>
    public int? RetryAfterSeconds { get; } = retryAfterSeconds;
}

/// <summary>Answers a <see cref="ProblemException"/> with its problem, through the one problem-details path, without logging an error.</summary>
public sealed class ProblemExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not ProblemException refused)
            return false;
        if (refused.RetryAfterSeconds is { } seconds)
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await refused.Problem.ExecuteAsync(httpContext);
        return true;
    }
}
