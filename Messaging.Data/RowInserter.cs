using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Messaging.Data;

/// <summary>
/// Multi-row INSERTs of new entities without change tracking, for the group-commit writer (hundreds of messages and
/// thousands of search tokens per commit, where SaveChanges spends most of its time tracking and sorting).
/// Table, columns, parameter types and value conversions all come from the EF model and the provider's own type
/// mappings, so the rows are the ones SaveChanges would write, on every provider.
/// </summary>
internal static class RowInserter
{
    // SQL Server allows 2,100 parameters per command (SQLite 32,766, PostgreSQL 65,535); 1,000 rows per VALUES.
    private const int MaxParameters = 2_000;
    private const int MaxRows = 1_000;

    private static readonly ConcurrentDictionary<(IModel, Type), Table> Tables = new();

    public static async Task InsertAsync<T>(DbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = Tables.GetOrAdd((db.Model, typeof(T)), key => Table.For(db, key.Item2));
        var rowsPerCommand = Math.Min(MaxRows, MaxParameters / table.Columns.Count);
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            for (var start = 0; start < rows.Count; start += rowsPerCommand)
            {
                var count = Math.Min(rowsPerCommand, rows.Count - start);
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = table.Sql(count);
                for (var r = 0; r < count; r++)
                {
                    var row = rows[start + r];
                    for (var c = 0; c < table.Columns.Count; c++)
                    {
                        var column = table.Columns[c];
                        command.Parameters.Add(column.Mapping.CreateParameter(command, table.ParameterName(r, c), column.Getter.GetClrValueUsingContainingEntity(row), column.Property.IsNullable));
                    }
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed record Column(IProperty Property, IClrPropertyGetter Getter, RelationalTypeMapping Mapping);

    private sealed class Table
    {
        private readonly ConcurrentDictionary<int, string> _sql = new();
        private readonly string _insertInto;
        private readonly string[] _placeholders;
        private readonly string[] _names;

        private Table(string insertInto, IReadOnlyList<Column> columns, ISqlGenerationHelper sql)
        {
            _insertInto = insertInto;
            Columns = columns;
            var perCommand = Math.Min(MaxRows, MaxParameters / columns.Count) * columns.Count;
            _names = Enumerable.Range(0, perCommand).Select(i => sql.GenerateParameterName($"p{i}")).ToArray();
            _placeholders = Enumerable.Range(0, perCommand).Select(i => sql.GenerateParameterNamePlaceholder($"p{i}")).ToArray();
        }

        public IReadOnlyList<Column> Columns { get; }

        public string ParameterName(int row, int column) => _names[row * Columns.Count + column];

        public string Sql(int rows) => _sql.GetOrAdd(rows, count =>
        {
            var text = new StringBuilder(_insertInto);
            for (var r = 0; r < count; r++)
            {
                text.Append(r == 0 ? "\n(" : ",\n(");
                for (var c = 0; c < Columns.Count; c++)
                {
                    text.Append(c == 0 ? "" : ", ").Append(_placeholders[r * Columns.Count + c]);
                }

                text.Append(')');
            }

            return text.Append(';').ToString();
        });

        public static Table For(DbContext db, Type clrType)
        {
            var entityType = db.Model.FindEntityType(clrType) ?? throw new InvalidOperationException($"{clrType.Name} is not an entity of the model.");
            var tableName = entityType.GetTableName() ?? throw new InvalidOperationException($"{clrType.Name} is not mapped to a table.");
            var store = StoreObjectIdentifier.Table(tableName, entityType.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            var columns = new List<Column>();
            foreach (var property in entityType.GetProperties())
            {
                if (property.IsShadowProperty() || property.GetColumnName(store) is not { } column)
                {
                    throw new NotSupportedException($"{clrType.Name}.{property.Name} has no CLR value or column to insert.");
                }

                if (property.ValueGenerated != ValueGenerated.Never && property.ClrType != typeof(Guid))
                {
                    // Store-generated values (identity columns, defaults computed by the database) would need RETURNING.
                    throw new NotSupportedException($"{clrType.Name}.{property.Name} is generated by the database; insert it with SaveChanges.");
                }

                columns.Add(new Column(property, property.GetGetter(), (RelationalTypeMapping)property.GetRelationalTypeMapping()));
            }

            var insertInto = $"INSERT INTO {sql.DelimitIdentifier(tableName, entityType.GetSchema())} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(store)!)))}) VALUES";
            return new Table(insertInto, columns, sql);
        }
    }
}
