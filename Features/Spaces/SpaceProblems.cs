using Atrium.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atrium.Api.Features.Spaces;

/// <summary>The answers the space slices share: a group or member that is not there, a user who already is a member.</summary>
public static class SpaceProblems
{
    public static ProblemHttpResult GroupNotFound() =>
        Problems.NotFound("group_not_found", "A group id does not name a group of this space.");

    public static ProblemHttpResult MemberNotFound() =>
        Problems.NotFound("member_not_found", "This user is not a member of the space.");

    public static ProblemHttpResult AlreadyMember() =>
        Problems.Conflict("already_member", "This user is already a member of the space.");
}
