namespace Atrium.Api.Features.Shop.Rules;

/// <summary>
/// What a caller may do with an order or a donation they can see, sent as <c>allowed_actions</c> so that a client
/// shows only the buttons that will work (brief 003: no Delete button without the permission).
/// </summary>
public static class ShopActions
{
    public const string View = "view";
    public const string Update = "update";
    public const string Archive = "archive";

    /// <param name="isStaff">Staff change orders and donations and their payment details.</param>
    /// <param name="mayArchive">The caller holds the archive permission (<c>orders.delete</c> / <c>donations.delete</c>).</param>
    /// <param name="archived">An archived record is read-only.</param>
    public static IReadOnlyList<string> For(bool isStaff, bool mayArchive, bool archived)
    {
        var actions = new List<string> { View };
        if (archived)
            return actions;
        if (isStaff)
            actions.Add(Update);
        if (mayArchive)
            actions.Add(Archive);
        return actions;
    }
}
