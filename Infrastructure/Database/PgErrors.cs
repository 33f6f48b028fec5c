using Npgsql;

namespace Atrium.Api.Infrastructure.Database;

/// <summary>Recognises constraint violations by SQLSTATE and constraint name, never by message text.</summary>
public static class PgErrors
{
    public static bool IsUniqueViolation(this PostgresException e, string? constraint = null) =>
        e.SqlState == PostgresErrorCodes.UniqueViolation && (constraint is null || e.ConstraintName == constraint);

    public static bool IsForeignKeyViolation(this PostgresException e, string? constraint = null) =>
        e.SqlState == PostgresErrorCodes.ForeignKeyViolation && (constraint is null || e.ConstraintName == constraint);

    public static bool IsCheckViolation(this PostgresException e, string? constraint = null) =>
        e.SqlState == PostgresErrorCodes.CheckViolation && (constraint is null || e.ConstraintName == constraint);
}
