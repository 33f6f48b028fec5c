using System.Text.Json.Serialization;

namespace Atrium.Api.Infrastructure.Permissions;

[JsonConverter(typeof(JsonStringEnumConverter<SpaceKind>))]
public enum SpaceKind { Organization, Project }

public static class SpaceKinds
{
    public static readonly IReadOnlyList<string> Names = ["organization", "project"];

    public static string ToSql(this SpaceKind kind) => kind == SpaceKind.Organization ? "organization" : "project";
}
