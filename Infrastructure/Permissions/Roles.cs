namespace Atrium.Api.Infrastructure.Permissions;

/// <summary>The fixed roles of a membership, weakest last.</summary>
public static class Roles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Manager = "manager";
    public const string Member = "member";

    public static readonly IReadOnlyList<string> All = [Owner, Admin, Manager, Member];

    public static bool IsValid(string? role) => role is Owner or Admin or Manager or Member;
}
