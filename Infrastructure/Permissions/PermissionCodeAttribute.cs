namespace Atrium.Api.Infrastructure.Permissions;

/// <summary>
/// Marks a <c>const string</c> as a system permission code of the seeded catalog (table <c>permissions</c>).
/// Every area keeps its codes as marked constants and checks them by name, never as string literals; a test
/// compares the marked constants with the catalog both ways.
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class PermissionCodeAttribute : Attribute;
