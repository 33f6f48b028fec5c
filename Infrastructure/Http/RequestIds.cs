using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Atrium.Api.Infrastructure.Http;

/// <summary>
/// <c>X-Request-Id</c>: the caller's own id when it sends a well-formed one (letters, digits, <c>. _ : -</c>, at most
/// 128), else the request's trace id; echoed on every answer and written to the audit events of the request.
/// </summary>
public static partial class RequestIds
{
    public const string Header = "X-Request-Id";
    private const string ItemKey = "atrium.request_id";

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex WellFormed();

    public static string Of(HttpContext http) =>
        http.Items[ItemKey] as string ?? Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;

    public static WebApplication UseRequestIds(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var sent = context.Request.Headers[Header].ToString();
            var id = WellFormed().IsMatch(sent) ? sent : Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
            context.Items[ItemKey] = id;
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[Header] = id;
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
