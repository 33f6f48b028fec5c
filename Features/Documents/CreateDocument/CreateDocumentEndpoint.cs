using System.Text;
using Atrium.Api.Features.Documents.Content;
using Atrium.Api.Features.Documents.Rules;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Crypto;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Features.Documents.CreateDocument;

public sealed record CreateDocumentRequest(string Title, string? Description, string Text, string? FileName);

public sealed class CreateDocumentValidator : AbstractValidator<CreateDocumentRequest>
{
    public CreateDocumentValidator()
    {
        RuleFor(r => r.Title).NotEmpty().Must(t => t is null || t.Trim().Length is >= 1 and <= 300).WithMessage("'title' is 1–300 characters.");
        RuleFor(r => r.Description).MaximumLength(5000);
        RuleFor(r => r.Text).NotEmpty();
        RuleFor(r => r.FileName).MaximumLength(255);
    }
}

public sealed class CreateDocumentEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDocumentsGroup().MapPost("", Handle)
            .Validate<CreateDocumentRequest>()
            .WithName("CreateDocument")
            .WithSummary("Create a document from text.")
            .WithDescription("Needs `documents.create`. The text becomes version 1 (`text/plain`, UTF-8, named `file_name` or `document.txt`), "
                + "stored encrypted; the author is the responsible party and the status is `draft`. The text is indexed for `q`.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

    private static async Task<Results<Created<DocumentResponse>, ProblemHttpResult>> Handle(OrganizationMember member, CreateDocumentRequest request, HttpContext http,
        NpgsqlDataSource db, KeyRing keys, IOptions<DocumentsOptions> options, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!member.Has(DocumentRights.Create))
            return NewVersion.CreateDenied();

        await using var content = new MemoryStream(Encoding.UTF8.GetBytes(request.Text), writable: false);
        var fileName = MultipartUpload.CleanFileName(string.IsNullOrWhiteSpace(request.FileName) ? "document.txt" : request.FileName);
        return await NewVersion.CreateAsync(connection, transaction, member, http, keys, options.Value,
            new NewDocumentInput(request.Title, request.Description, fileName, "text/plain", content), ct);
    }
}
