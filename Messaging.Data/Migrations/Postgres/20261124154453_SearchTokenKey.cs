using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Messaging.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SearchTokenKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_MessageSearchTokens_Messages_MessageId",
                table: "MessageSearchTokens");

            migrationBuilder.DropPrimaryKey(
                name: "PK_MessageSearchTokens",
                table: "MessageSearchTokens");

            migrationBuilder.DropIndex(
                name: "IX_MessageSearchTokens_ConversationId_Token",
                table: "MessageSearchTokens");

            migrationBuilder.AddPrimaryKey(
                name: "PK_MessageSearchTokens",
                table: "MessageSearchTokens",
                columns: new[] { "ConversationId", "Token", "MessageId" });
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
