using System.Collections.Concurrent;
using System.Text;
using Messaging.Core.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Messaging.Data;

/// <summary>
/// The message writer's conversation updates as one <c>UPDATE … FROM (VALUES …)</c> per hundred conversations on
/// SQLite and PostgreSQL: through SaveChanges a commit of 256 messages in 256 conversations spent 120–210 ms on
/// its 256 concurrency-checked UPDATEs, most of its time. Other providers get one ExecuteUpdate per conversation.
/// Names, parameter types and value conversions come from the EF model.
/// </summary>
internal static class ConversationAdvancer
{
    private const int RowsPerCommand = 100; // 6 parameters a row

    private static readonly ConcurrentDictionary<IModel, Statement> Statements = new();

    public static async Task AdvanceAsync(DbContext db, IReadOnlyList<ConversationAdvance> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var changed = db.Database.IsSqlite() || db.Database.IsNpgsql()
            ? await SetBasedAsync(db, rows, cancellationToken)
            : await OneByOneAsync(db, rows, cancellationToken);
        if (changed != rows.Count)
        {
            throw new DbUpdateConcurrencyException($"{rows.Count - changed} of {rows.Count} conversations were written by someone else meanwhile.");
        }
    }

    private static async Task<int> SetBasedAsync(DbContext db, IReadOnlyList<ConversationAdvance> rows, CancellationToken cancellationToken)
    {
        var statement = Statements.GetOrAdd(db.Model, _ => Statement.For(db));
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var changed = 0;
            for (var start = 0; start < rows.Count; start += RowsPerCommand)
            {
                var count = Math.Min(RowsPerCommand, rows.Count - start);
                command.CommandText = statement.Sql(count);
                command.Parameters.Clear();
                for (var r = 0; r < count; r++)
                {
                    var row = rows[start + r];
                    object?[] values = [row.Id, row.FromSequence, row.ToSequence, row.CandidateSeen, row.EmployerSeen, row.At];
                    for (var c = 0; c < values.Length; c++)
                    {
                        command.Parameters.Add(statement.Mappings[c].CreateParameter(command, statement.ParameterName(r, c), values[c], nullable: values[c] is null));
                    }
                }

                changed += await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return changed;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<int> OneByOneAsync(DbContext db, IReadOnlyList<ConversationAdvance> rows, CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var row in rows)
        {
            changed += await db.Set<Conversation>()
                .Where(c => c.Id == row.Id && c.LastSequence == row.FromSequence)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.LastSequence, row.ToSequence)
                    .SetProperty(c => c.LastActivityAt, row.At)
                    .SetProperty(c => c.CandidateArchivedAt, (DateTime?)null)
                    .SetProperty(c => c.EmployerArchivedAt, (DateTime?)null)
                    .SetProperty(c => c.CandidateReadSequence, c => row.CandidateSeen ?? c.CandidateReadSequence)
                    .SetProperty(c => c.CandidateDeliveredSequence, c => row.CandidateSeen ?? c.CandidateDeliveredSequence)
                    .SetProperty(c => c.EmployerReadSequence, c => row.EmployerSeen ?? c.EmployerReadSequence)
                    .SetProperty(c => c.EmployerDeliveredSequence, c => row.EmployerSeen ?? c.EmployerDeliveredSequence), cancellationToken);
        }

        return changed;
    }

    /// <summary>The statement's text for a number of rows, and what its parameters are.</summary>
    private sealed class Statement
    {
        private readonly ConcurrentDictionary<int, string> _sql = new();
        private readonly string _update;
        private readonly string _where;
        private readonly string[] _names;
        private readonly string[] _placeholders;

        private Statement(string update, string where, IReadOnlyList<RelationalTypeMapping> mappings, ISqlGenerationHelper sql)
        {
            (_update, _where, Mappings) = (update, where, mappings);
            _names = Enumerable.Range(0, RowsPerCommand * mappings.Count).Select(i => sql.GenerateParameterName($"a{i}")).ToArray();
            _placeholders = Enumerable.Range(0, RowsPerCommand * mappings.Count).Select(i => sql.GenerateParameterNamePlaceholder($"a{i}")).ToArray();
        }

        /// <summary>Id, from, to, candidate seen, employer seen, at: the VALUES columns column1 … column6.</summary>
        public IReadOnlyList<RelationalTypeMapping> Mappings { get; }

        public string ParameterName(int row, int column) => _names[row * Mappings.Count + column];

        public string Sql(int rows) => _sql.GetOrAdd(rows, count =>
        {
            var text = new StringBuilder(_update).Append(" FROM (VALUES");
            for (var r = 0; r < count; r++)
            {
                text.Append(r == 0 ? " (" : ", (");
                for (var c = 0; c < Mappings.Count; c++)
                {
                    text.Append(c == 0 ? "" : ", ").Append(_placeholders[r * Mappings.Count + c]);
                }

                text.Append(')');
            }

            return text.Append(") AS v WHERE ").Append(_where).Append(';').ToString();
        });

        public static Statement For(DbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(Conversation))!;
            var table = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(store)!);
            RelationalTypeMapping Mapping(string property) => (RelationalTypeMapping)entity.FindProperty(property)!.GetRelationalTypeMapping();

            var target = sql.DelimitIdentifier(table, entity.GetSchema());
            var update = $"UPDATE {target} SET {Column("LastSequence")} = v.column3, {Column("LastActivityAt")} = v.column6, "
                + $"{Column("CandidateArchivedAt")} = NULL, {Column("EmployerArchivedAt")} = NULL, "
                + $"{Column("CandidateReadSequence")} = COALESCE(v.column4, {target}.{Column("CandidateReadSequence")}), "
                + $"{Column("CandidateDeliveredSequence")} = COALESCE(v.column4, {target}.{Column("CandidateDeliveredSequence")}), "
                + $"{Column("EmployerReadSequence")} = COALESCE(v.column5, {target}.{Column("EmployerReadSequence")}), "
                + $"{Column("EmployerDeliveredSequence")} = COALESCE(v.column5, {target}.{Column("EmployerDeliveredSequence")})";
            var where = $"{target}.{Column("Id")} = v.column1 AND {target}.{Column("LastSequence")} = v.column2";
            return new Statement(update, where,
                [Mapping("Id"), Mapping("LastSequence"), Mapping("LastSequence"), Mapping("CandidateReadSequence"), Mapping("EmployerReadSequence"), Mapping("LastActivityAt")], sql);
        }
    }
}
