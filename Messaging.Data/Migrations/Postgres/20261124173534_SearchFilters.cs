using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Messaging.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SearchFilters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The token rows go; messages already stored get their filter from SearchFilterBackfill at the next start
            // (the filtered index below lists them until it has). Down brings back an empty token table.
            migrationBuilder.DropTable(
                name: "MessageSearchTokens");

            migrationBuilder.DropIndex(
                name: "IX_Conversations_CandidateId_LastActivityAt",
                table: "Conversations");

            migrationBuilder.DropIndex(
                name: "IX_Conversations_EmployerId_LastActivityAt",
                table: "Conversations");

            migrationBuilder.AddColumn<byte[]>(
                name: "SearchFilter",
                table: "Messages",
                type: "bytea",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Messages_SearchFilterPending",
                table: "Messages",
                column: "Id",
                filter: "\"SearchFilter\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_EmployerId",
                table: "Conversations",
                column: "EmployerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Messages_SearchFilterPending",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Conversations_EmployerId",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "SearchFilter",
                table: "Messages");

            migrationBuilder.CreateTable(
                name: "MessageSearchTokens",
                columns: table => new
                {
                    ConversationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Token = table.Column<byte[]>(type: "bytea", fixedLength: true, maxLength: 16, nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessageSearchTokens", x => new { x.ConversationId, x.Token, x.MessageId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_CandidateId_LastActivityAt",
                table: "Conversations",
                columns: new[] { "CandidateId", "LastActivityAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_EmployerId_LastActivityAt",
                table: "Conversations",
                columns: new[] { "EmployerId", "LastActivityAt" });
        }
    }
}
