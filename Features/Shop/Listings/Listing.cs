using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atrium.Api.Features.Shop.Listings;

public sealed record ListingResponse(long ProjectId, long CreatorId, long CategoryId, decimal Price, string Currency, bool Published,
    long OrdersCount, DateTime ListedAt, DateTime UpdatedAt);

/// <summary>The SQL and the access rule the listing slices share.</summary>
public static class ListingSql
{
    /// <summary>A listing as <see cref="ListingResponse"/> (alias <c>l</c>).</summary>
    public const string Columns = "l.project_id, l.creator_id, l.category_id, l.price, l.currency, l.published, l.orders_count, l.listed_at, l.updated_at";

    /// <summary>
    /// Only the project's owner manages its listing. The <see cref="ProjectMember"/> binder has already answered 404 to
    /// anyone who is not a member (the project's existence is not leaked); a member who is not the owner is 403
    /// <c>not_project_owner</c>.
    /// </summary>
    public static ProblemHttpResult? CheckOwner(ProjectMember member) =>
        member.IsOwner ? null : Problems.ForbiddenBy("not_project_owner", "Only the project's owner puts it on sale or takes it off.");
}
