using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Atrium.Api.Infrastructure.OpenApi;

public static class OpenApiSetup
{
    private const string BearerScheme = "Bearer";

    public static IServiceCollection AddAtriumOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer(DocumentParts.ApplyAsync);
            options.AddDocumentTransformer((document, context, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Atrium API",
                    Version = "v1",
                    Description = "Accounts and sessions, organizations and projects with one permission engine, "
                        + "a multi-tenant CRM and secure documents (send `X-Organization-Id`) and a task tracker inside projects. "
                        + "Errors are RFC 9457 problem details with a stable `code`; lists are `{items, page, page_size, total}`.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "The access_token of POST /api/v1/auth/login.",
                };
                var settings = context.ApplicationServices.GetRequiredService<IOptions<ApiDocumentOptions>>().Value;
                document.Servers = [new OpenApiServer { Url = settings.ServerUrl, Description = "OpenApi:ServerUrl" }];
                HeaderContract.Apply(document);
                RequestContract.Apply(document);
                ExampleContract.Apply(document);
                ProblemContract.Apply(document);
                HealthDocument.Apply(document);
                OrderByArea(document);
                return Task.CompletedTask;
            });
            // Strings are read by a converter of our own (NulFreeStringConverter), which the schema generator
            // cannot see through: it would document every string as "anything". Put the type back.
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonTypeInfo.Type == typeof(string) && schema.Type is null)
                {
                    schema.Type = JsonSchemaType.String;
                    if (context.JsonPropertyInfo is { IsGetNullable: true } or { IsSetNullable: true })
                        schema.Type |= JsonSchemaType.Null;
                }
                else if (context.JsonTypeInfo.Type == typeof(decimal) || context.JsonTypeInfo.Type == typeof(decimal?))
                {
                    // Money is numeric(14,2): sent and answered as a JSON number with at most two decimal places.
                    schema.Format = "decimal";
                    schema.Description ??= "Money: a JSON number with at most two decimal places (e.g. 1250.5).";
                }
                else if (context.JsonTypeInfo.ElementType == typeof(string) && schema.Items is null)
                {
                    schema.Items = new OpenApiSchema { Type = JsonSchemaType.String };
                }
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer(ClosedSetContract.ApplyToProperty);
            options.AddOperationTransformer(HeaderContract.ApplyETags);
            options.AddOperationTransformer(ClosedSetContract.ApplyToParameters);
            options.AddOperationTransformer(ExampleContract.ApplyWritten);
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var needsAuth = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
                if (needsAuth)
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [],
                    });
                    operation.Responses ??= new OpenApiResponses();
                    operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No, expired or revoked session (problem details)." });
                }
                else
                {
                    // Anonymous: say so, rather than leave a client to guess from a missing requirement.
                    operation.Security = [];
                }
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>The areas in the order a newcomer meets them, each with a line about it.</summary>
    private static readonly (string Name, string Description)[] Areas =
    [
        ("Identity", "Accounts, login, token refresh and sessions; the caller's profile."),
        ("My spaces", "The caller's organizations, projects, join requests and invitations."),
        ("Organizations", "Organizations: members, groups, permissions, join requests, invitations, audit log."),
        ("Projects", "Projects: the same engine as organizations, plus the public directory."),
        ("CRM · Contacts", "Contacts of an organization (X-Organization-Id)."),
        ("CRM · Deals", "Deals, their status and stage (X-Organization-Id)."),
        ("CRM · Activities", "The timeline of a deal (X-Organization-Id)."),
        ("CRM · Tasks", "Tasks on deals (X-Organization-Id)."),
        ("CRM · Analytics", "Deal summary and funnel (X-Organization-Id)."),
        ("Documents", "Secure documents of an organization (X-Organization-Id): encrypted content, routing, workflow, signatures, statistics."),
        ("Tracker", "Tasks inside a project: subtasks, workflow, history, comments, ETags."),
        ("Shop · Catalog", "The public catalog of listed projects: filters, sorts, paging."),
        ("Shop · Categories", "Categories of the shop: public reads, changes with categories.manage."),
        ("Shop · Creators", "Creator profiles (one per user) and their listed projects."),
        ("Shop · Orders", "Orders with their items and payment details; staff-only internals, archive with orders.delete."),
        ("Shop · Donations", "Donations to listed projects; staff-only internals, archive with donations.delete."),
        ("Shop · My shop", "The caller's listed projects with orders, revenue and donations."),
        ("Platform access", "Platform permissions of users, granted by holders of users.manage."),
        ("Jobs", "Platform staff: the outbox of work done after commit (mail), parked jobs and their retry."),
        ("Health", "Liveness and readiness."),
    ];

    /// <summary>Tags and paths in area order (then as mapped), so the reference reads from sign-up onwards.</summary>
    private static void OrderByArea(OpenApiDocument document)
    {
        int Rank(string? tag)
        {
            var index = Array.FindIndex(Areas, a => a.Name == tag);
            return index < 0 ? Areas.Length : index;
        }

        var used = (document.Tags ?? new HashSet<OpenApiTag>()).Select(t => t.Name).ToHashSet();
        document.Tags = new HashSet<OpenApiTag>(used
            .OrderBy(Rank).ThenBy(t => t, StringComparer.Ordinal)
            .Select(name => new OpenApiTag { Name = name, Description = Areas.FirstOrDefault(a => a.Name == name).Description }));

        if (document.Paths is null)
            return;
        var ordered = document.Paths
            .Select((path, index) => (path, index, rank: Rank(path.Value.Operations?.Values.FirstOrDefault()?.Tags?.FirstOrDefault()?.Name)))
            .OrderBy(p => p.rank).ThenBy(p => p.index)
            .Select(p => p.path)
            .ToList();
        document.Paths.Clear();
        foreach (var (path, item) in ordered)
            document.Paths.Add(path, item);
    }

    public static IEndpointRouteBuilder MapAtriumOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/scalar", options => options
            .WithTitle("Atrium API")
            .AddPreferredSecuritySchemes(BearerScheme));
        return app;
    }
}
