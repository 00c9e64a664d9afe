using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Chat.Server.Data.Migrations.MySql
{
    /// <inheritdoc />
    public partial class AccountAdministration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Disabled",
                table: "User",
                type: "tinyint(1)",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastSeenAt",
                table: "User",
                type: "datetime(6)",
                nullable: true);

            // Existing accounts share read receipts, as new ones do.
            migrationBuilder.AddColumn<bool>(
                name: "ReadReceipts",
                table: "User",
                type: "tinyint(1)",
                nullable: false,
                defaultValue: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Disabled",
                table: "User");

            migrationBuilder.DropColumn(
                name: "LastSeenAt",
                table: "User");

            migrationBuilder.DropColumn(
                name: "ReadReceipts",
                table: "User");
        }
    }
}
