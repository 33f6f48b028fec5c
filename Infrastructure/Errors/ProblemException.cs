using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atrium.Api.Infrastructure.Errors;

/// <summary>
/// An expected refusal raised while binding a handler's parameters, where a problem cannot be returned
/// (a <c>BindAsync</c> returns a value or nothing). Handlers return their problems; only binders throw this.
/// </summary>
public sealed class ProblemException(ProblemHttpResult problem) : Exception(problem.ProblemDetails.Detail)
{
    public ProblemHttpResult Problem { get; } = problem;
}

/// <summary>Answers a <see cref="ProblemException"/> with its problem, through the one problem-details path, without logging an error.</summary>
public sealed class ProblemExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not ProblemException refused)
            return false;
        await refused.Problem.ExecuteAsync(httpContext);
        return true;
    }
}
