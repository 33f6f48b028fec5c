using Atrium.Api.Infrastructure.Permissions;
using Microsoft.AspNetCore.Http.HttpResults;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Http;
using System.Text.RegularExpressions;
using FluentValidation;
using System.Data.Common;

namespace Atrium.Api.Features.Crm.Contacts;

/// <summary>A contact as the API shows it.</summary>
public sealed record ContactResponse(
    long Id,
    long OrganizationId,
    long OwnerId,
    string Name,
    string? Email,
    string? Phone,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>SQL shared by the contact slices.</summary>
public static class ContactSql
{
    public const string Columns = "c.id, c.organization_id, c.owner_id, c.name, c.email, c.phone, c.created_at, c.updated_at";

    /// <summary>One contact of the organization (none when it belongs to another), locked for the caller's transaction; its version last.</summary>
    public const string SelectForUpdate = $"""
        select {Columns}, c.version from crm_contacts c
        where c.organization_id = @organizationId and c.id = @id
        for update
        """;

    /// <summary>A row of <see cref="Columns"/> read by hand, in order, as Dapper reads it (the raw benchmark twins).</summary>
    public static ContactResponse Read(DbDataReader row) => new(
        row.GetInt64(0), row.GetInt64(1), row.GetInt64(2), row.GetString(3),
        row.IsDBNull(4) ? null : row.GetString(4), row.IsDBNull(5) ? null : row.GetString(5),
        row.GetDateTime(6), row.GetDateTime(7));

    /// <summary>The entity tag of a contact at its version.</summary>
    public static string ETag(this Versioned<ContactResponse> contact) => EntityTags.Strong(contact.Value.Id, contact.Version);

    /// <summary>404 <c>contact_not_found</c>: no such contact in this organization.</summary>
    public static ProblemHttpResult NotFound() => Problems.NotFound("contact_not_found", "No contact with this id exists in this organization.");
}

/// <summary>Shape rules of contacts: pure, shared by the create and update slices.</summary>
public static partial class ContactRules
{
    [PermissionCode] public const string ManageAll = "contacts.manage_all";

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"^\+?[0-9][0-9 ().-]{2,31}$")]
    private static partial Regex PhoneShape();

    /// <summary>Null, or an empty string (which clears the field), or an e-mail address of at most 254 characters.</summary>
    public static bool IsEmailOrEmpty(string? value) =>
        string.IsNullOrEmpty(value) || (value.Length <= 254 && EmailShape().IsMatch(value.Trim()));

    /// <summary>Null, or an empty string (which clears the field), or digits with an optional leading '+', spaces, dots, dashes, parentheses.</summary>
    public static bool IsPhoneOrEmpty(string? value) => string.IsNullOrEmpty(value) || PhoneShape().IsMatch(value.Trim());

    /// <summary>The stored form of an optional text field: trimmed, empty means none.</summary>
    public static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A contact's name as create and update accept it: 1–200 characters once trimmed, no NUL.</summary>
    public static IRuleBuilderOptions<T, string?> ContactName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(n => n is not null && n.Trim().Length is >= 1 and <= 200).WithMessage("'name' must be 1–200 characters.");

    /// <summary>A contact's e-mail as create and update accept it: see <see cref="IsEmailOrEmpty"/>, no NUL.</summary>
    public static IRuleBuilderOptions<T, string?> ContactEmail<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(IsEmailOrEmpty).WithMessage("'email' must be an e-mail address.");

    /// <summary>A contact's phone as create and update accept it: see <see cref="IsPhoneOrEmpty"/>, no NUL.</summary>
    public static IRuleBuilderOptions<T, string?> ContactPhone<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(IsPhoneOrEmpty).WithMessage("'phone' must be a phone number such as +123456789.");
}
