using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Messaging.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchTokenKey : Migration
    {
        /// <inheritdoc />
        /// <remarks>
        /// Written by hand: EF's rebuild of the table (for the new key) would keep the rowid, and with it a second
        /// B-tree for the key. A WITHOUT ROWID table is its key's B-tree, one insert per token. The rows are copied.
        /// </remarks>
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                CREATE TABLE "ef_temp_MessageSearchTokens" (
                    "ConversationId" TEXT NOT NULL,
                    "Token" BLOB NOT NULL,
                    "MessageId" TEXT NOT NULL,
                    CONSTRAINT "PK_MessageSearchTokens" PRIMARY KEY ("ConversationId", "Token", "MessageId")
                ) WITHOUT ROWID;
                """);
            migrationBuilder.Sql(
                """
                INSERT INTO "ef_temp_MessageSearchTokens" ("ConversationId", "Token", "MessageId")
                SELECT "ConversationId", "Token", "MessageId" FROM "MessageSearchTokens";
                """);
            migrationBuilder.Sql("""DROP TABLE "MessageSearchTokens";""");
            migrationBuilder.Sql("""ALTER TABLE "ef_temp_MessageSearchTokens" RENAME TO "MessageSearchTokens";""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_MessageSearchTokens",
                table: "MessageSearchTokens");

            migrationBuilder.AddPrimaryKey(
                name: "PK_MessageSearchTokens",
                table: "MessageSearchTokens",
                columns: new[] { "MessageId", "Token" });

            migrationBuilder.CreateIndex(
                name: "IX_MessageSearchTokens_ConversationId_Token",
                table: "MessageSearchTokens",
                columns: new[] { "ConversationId", "Token" });

            migrationBuilder.AddForeignKey(
                name: "FK_MessageSearchTokens_Messages_MessageId",
                table: "MessageSearchTokens",
                column: "MessageId",
                principalTable: "Messages",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
