#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/database.hpp"

namespace sigid::store {

struct Migration {
  std::int64_t version = 0;  // NNNN of NNNN_name.sql; applied in ascending order
  std::string name;          // "tenants"
  std::string sql;           // the file's text, before placeholder substitution
};

struct MigrationOptions {
  // MySQL only: replaces {{partitions}} (PARTITION BY KEY (tenant_id) PARTITIONS {{partitions}}).
  unsigned mysql_partitions = 16;
  // How long to wait for another process that is migrating the same database.
  std::chrono::seconds lock_timeout{60};
  // The migrations to apply; unset means the set embedded for the database's dialect.
  std::optional<std::vector<Migration>> migrations;
};

struct MigrationReport {
  std::vector<std::int64_t> applied;  // versions this call applied, in order
  std::int64_t schema_version = 0;    // highest applied version afterwards
};

// Brings the schema up to date. Each migration is recorded in
// schema_migrations(version, name, checksum, statements_applied, applied_at).
// Refuses (Internal, with a message for the operator) when an applied
// migration's file has changed, or the database has migrations this build does
// not know. Safe to run repeatedly and from several processes at once:
//  - SQLite: each migration runs in its own BEGIN IMMEDIATE transaction that
//    re-checks whether it is still pending, so concurrent runs apply it once.
//  - MySQL: GET_LOCK on one pinned session serialises migrators. DDL commits
//    implicitly, so progress is recorded per statement (statements_applied;
//    applied_at stays NULL until the last one): a run that died half-way
//    resumes after the last statement that completed instead of repeating it.
//    A half-applied migration may be fixed in place: its checksum is updated
//    when it resumes.
core::Result<MigrationReport> migrate(Database& db, const MigrationOptions& options = {});

// The migrations embedded in this build for a dialect, parsed and sorted;
// an error names a badly named or duplicated file.
core::Result<std::vector<Migration>> embeddedMigrations(Dialect dialect);

// NNNN_name.sql → version and name; an error for anything else.
core::Result<Migration> migrationFromFile(std::string_view file_name, std::string_view contents);

}  // namespace sigid::store
