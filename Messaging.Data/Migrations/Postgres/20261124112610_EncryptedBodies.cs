using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Messaging.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EncryptedBodies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Body",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "OriginalBody",
                table: "Messages");

            migrationBuilder.AddColumn<byte[]>(
                name: "BodyCiphertext",
                table: "Messages",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "KeyId",
                table: "Messages",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "OriginalCiphertext",
                table: "Messages",
                type: "bytea",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MessageSearchTokens",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    Token = table.Column<byte[]>(type: "bytea", fixedLength: true, maxLength: 16, nullable: false),
                    ConversationId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessageSearchTokens", x => new { x.MessageId, x.Token });
                    table.ForeignKey(
                        name: "FK_MessageSearchTokens_Messages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "Messages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MessageSearchTokens_ConversationId_Token",
                table: "MessageSearchTokens",
                columns: new[] { "ConversationId", "Token" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MessageSearchTokens");

            migrationBuilder.DropColumn(
                name: "BodyCiphertext",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "KeyId",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "OriginalCiphertext",
                table: "Messages");

            migrationBuilder.AddColumn<string>(
                name: "Body",
                table: "Messages",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OriginalBody",
                table: "Messages",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);
        }
    }
}
