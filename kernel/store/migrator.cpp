#include "store/migrator.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "core/hashing.hpp"
#include "store/migrations/embedded_migrations.hpp"
#include "store/migrations/sql_statements.hpp"

namespace sigid::store {

namespace {

constexpr const char* kSqliteTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " checksum TEXT NOT NULL,"
    " statements_applied INTEGER NOT NULL DEFAULT 0,"
    " applied_at INTEGER)";
constexpr const char* kMysqlTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT NOT NULL PRIMARY KEY,"
    " name VARCHAR(255) NOT NULL,"
    " checksum CHAR(64) NOT NULL,"
    " statements_applied INT NOT NULL DEFAULT 0,"
    " applied_at BIGINT NULL"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

struct Recorded {
  std::string checksum;
  std::int64_t statements_applied = 0;
  bool complete = false;
};

std::int64_t nowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string label(const Migration& m) {
  std::string version = std::to_string(m.version);
  if (version.size() < 4) version.insert(0, 4 - version.size(), '0');
  return version + "_" + m.name;
}

core::Error refuse(std::string message) {
  // Migrations run at start-up or from the CLI, never for a client: the operator
  // needs the reason itself, and it holds no secret or client input.
  core::Error error(core::ErrorCode::Internal, message);
  return std::move(error).withDetail(std::move(message));
}

core::Error inMigration(const Migration& m, std::size_t statement, core::Error error) {
  std::string detail = "migration " + label(m) + ", statement " + std::to_string(statement + 1) + ": " +
                       (error.detail().empty() ? error.description() : error.detail());
  return std::move(error).withDetail(std::move(detail));
}

core::Result<std::string> substitute(const Migration& m, Dialect dialect, const MigrationOptions& options) {
  std::string sql = m.sql;
  if (dialect == Dialect::Mysql) {
    const std::string placeholder = "{{partitions}}";
    const std::string count = std::to_string(std::max(1u, options.mysql_partitions));
    for (auto at = sql.find(placeholder); at != std::string::npos; at = sql.find(placeholder, at + count.size())) {
      sql.replace(at, placeholder.size(), count);
    }
  }
  if (auto at = sql.find("{{"); at != std::string::npos) {
    return refuse("migration " + label(m) + " has an unknown placeholder " + sql.substr(at, sql.find("}}", at) - at + 2));
  }
  return sql;
}

core::Result<std::map<std::int64_t, Recorded>> readRecorded(Connection& c) {
  SIGID_TRY(auto rows, c.query("SELECT version, checksum, statements_applied, applied_at FROM schema_migrations"));
  std::map<std::int64_t, Recorded> recorded;
  for (const auto& row : rows) {
    recorded[row.integer(0)] = Recorded{row.text(1), row.integer(2), !row.isNull(3)};
  }
  return recorded;
}

// Every applied migration must be one this build has, unchanged.
core::Result<void> verify(const std::vector<Migration>& migrations, const std::map<std::int64_t, Recorded>& recorded) {
  for (const auto& [version, entry] : recorded) {
    auto known = std::find_if(migrations.begin(), migrations.end(), [&](const Migration& m) { return m.version == version; });
    if (known == migrations.end()) {
      return refuse("the database has migration " + std::to_string(version) +
                    " which this build does not know: it was migrated by a newer SigID");
    }
    if (entry.complete && entry.checksum != core::sha256Hex(known->sql)) {
      return refuse("migration " + label(*known) +
                    " was changed after it was applied; restore the original file and add a new migration instead");
    }
  }
  return core::success();
}

core::Result<std::vector<Migration>> sortedUnique(std::vector<Migration> migrations) {
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version == migrations[i - 1].version) {
      return refuse("two migrations have version " + std::to_string(migrations[i].version));
    }
  }
  return migrations;
}

core::Result<MigrationReport> migrateSqlite(Database& db, const std::vector<Migration>& migrations,
                                            const MigrationOptions& options) {
  SIGID_CHECK(db.execute(kSqliteTable));
  MigrationReport report;
  SIGID_CHECK(db.transaction([&](Connection& c) -> core::Result<void> {
    SIGID_TRY(auto recorded, readRecorded(c));
    return verify(migrations, recorded);
  }));
  for (const auto& m : migrations) {
    bool applied = false;
    SIGID_CHECK(db.transaction([&](Connection& c) -> core::Result<void> {
      // Re-checked under the write lock: another process may have applied it since.
      SIGID_TRY(auto rows, c.query("SELECT checksum FROM schema_migrations WHERE version = ?", {m.version}));
      if (!rows.empty()) {
        if (rows.front().text(0) != core::sha256Hex(m.sql)) {
          return refuse("migration " + label(m) + " was changed after it was applied");
        }
        return core::success();
      }
      SIGID_TRY(std::string sql, substitute(m, Dialect::Sqlite, options));
      const auto statements = migrations::splitStatements(sql);
      for (std::size_t i = 0; i < statements.size(); ++i) {
        auto done = c.execute(statements[i]);
        if (!done.ok()) return inMigration(m, i, std::move(done).error());
      }
      SIGID_CHECK(c.execute(
          "INSERT INTO schema_migrations (version, name, checksum, statements_applied, applied_at) VALUES (?, ?, ?, ?, ?)",
          {m.version, m.name, core::sha256Hex(m.sql), static_cast<std::int64_t>(statements.size()), nowSeconds()}));
      applied = true;
      return core::success();
    }));
    if (applied) report.applied.push_back(m.version);
  }
  if (!migrations.empty()) report.schema_version = migrations.back().version;
  return report;
}

core::Result<void> applyMysql(Connection& c, const Migration& m, const std::optional<Recorded>& recorded,
                              const MigrationOptions& options) {
  SIGID_TRY(std::string sql, substitute(m, Dialect::Mysql, options));
  const auto statements = migrations::splitStatements(sql);
  const std::string checksum = core::sha256Hex(m.sql);
  std::size_t first = 0;
  if (recorded) {
    first = static_cast<std::size_t>(std::max<std::int64_t>(0, recorded->statements_applied));
    SIGID_CHECK(c.execute("UPDATE schema_migrations SET checksum = ?, name = ? WHERE version = ?",
                          {checksum, m.name, m.version}));
  } else {
    SIGID_CHECK(c.execute(
        "INSERT INTO schema_migrations (version, name, checksum, statements_applied, applied_at) VALUES (?, ?, ?, 0, NULL)",
        {m.version, m.name, checksum}));
  }
  if (statements.empty() || first >= statements.size()) {
    SIGID_CHECK(c.execute("UPDATE schema_migrations SET applied_at = ? WHERE version = ?", {nowSeconds(), m.version}));
    return core::success();
  }
  for (std::size_t i = first; i < statements.size(); ++i) {
    // A DML statement commits together with its progress row; DDL commits on
    // its own (implicitly), and the progress row follows straight after.
    SIGID_CHECK(c.execute("SET autocommit = 0"));
    auto done = c.execute(statements[i]);
    if (!done.ok()) {
      (void)c.execute("ROLLBACK");
      (void)c.execute("SET autocommit = 1");
      return inMigration(m, i, std::move(done).error());
    }
    const bool last = i + 1 == statements.size();
    auto progress = last ? c.execute("UPDATE schema_migrations SET statements_applied = ?, applied_at = ? WHERE version = ?",
                                     {static_cast<std::int64_t>(i + 1), nowSeconds(), m.version})
                         : c.execute("UPDATE schema_migrations SET statements_applied = ? WHERE version = ?",
                                     {static_cast<std::int64_t>(i + 1), m.version});
    if (!progress.ok()) {
      (void)c.execute("ROLLBACK");
      (void)c.execute("SET autocommit = 1");
      return inMigration(m, i, std::move(progress).error());
    }
    SIGID_CHECK(c.execute("COMMIT"));
    SIGID_CHECK(c.execute("SET autocommit = 1"));
  }
  return core::success();
}

core::Result<MigrationReport> migrateMysql(Database& db, const std::vector<Migration>& migrations,
                                           const MigrationOptions& options) {
  MigrationReport report;
  SIGID_CHECK(db.withConnection([&](Connection& c) -> core::Result<void> {
    SIGID_TRY(auto schema, c.query("SELECT DATABASE()"));
    if (schema.empty() || schema.front().isNull(0)) {
      return refuse("database.url names no database to migrate (mysql://user@host/DATABASE)");
    }
    // GET_LOCK is server-wide: the schema name in the lock lets migrations of
    // different databases on one server proceed in parallel. Names cap at 64.
    const std::string lock = ("sigid_migrate." + schema.front().text(0)).substr(0, 64);
    SIGID_TRY(auto got, c.query("SELECT GET_LOCK(?, ?)", {lock, static_cast<std::int64_t>(options.lock_timeout.count())}));
    if (got.empty() || got.front().isNull(0)) return refuse("GET_LOCK failed for " + lock);
    if (got.front().integer(0) != 1) {
      return core::Error::unavailable("another process held the migration lock " + lock + " for " +
                                      std::to_string(options.lock_timeout.count()) + "s");
    }
    auto body = [&]() -> core::Result<void> {
      SIGID_CHECK(c.execute(kMysqlTable));
      SIGID_TRY(auto recorded, readRecorded(c));
      SIGID_CHECK(verify(migrations, recorded));
      for (const auto& m : migrations) {
        std::optional<Recorded> entry;
        if (auto it = recorded.find(m.version); it != recorded.end()) {
          if (it->second.complete) continue;
          entry = it->second;
        }
        SIGID_CHECK(applyMysql(c, m, entry, options));
        report.applied.push_back(m.version);
      }
      return core::success();
    };
    auto outcome = body();
    (void)c.query("SELECT RELEASE_LOCK(?)", {lock});  // a lost session releases it anyway
    return outcome;
  }));
  if (!migrations.empty()) report.schema_version = migrations.back().version;
  return report;
}

}  // namespace

core::Result<Migration> migrationFromFile(std::string_view file_name, std::string_view contents) {
  auto bad = [&] {
    return refuse("migration file " + std::string(file_name) + " is not named NNNN_name.sql");
  };
  constexpr std::string_view kSuffix = ".sql";
  if (file_name.size() <= kSuffix.size() || file_name.substr(file_name.size() - kSuffix.size()) != kSuffix) return bad();
  std::string_view stem = file_name.substr(0, file_name.size() - kSuffix.size());
  auto underscore = stem.find('_');
  if (underscore == std::string_view::npos || underscore == 0 || underscore + 1 == stem.size()) return bad();
  Migration m;
  auto digits = stem.substr(0, underscore);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), m.version);
  if (ec != std::errc() || end != digits.data() + digits.size() || m.version <= 0) return bad();
  m.name = std::string(stem.substr(underscore + 1));
  m.sql = std::string(contents);
  return m;
}

core::Result<std::vector<Migration>> embeddedMigrations(Dialect dialect) {
  std::vector<Migration> migrations;
  for (const auto& file : migrations::embeddedMigrationFiles()) {
    if (file.dialect != dialect) continue;
    SIGID_TRY(Migration m, migrationFromFile(file.file_name, file.contents));
    migrations.push_back(std::move(m));
  }
  return sortedUnique(std::move(migrations));
}

core::Result<MigrationReport> migrate(Database& db, const MigrationOptions& options) {
  std::vector<Migration> migrations;
  if (options.migrations) {
    SIGID_TRY(auto given, sortedUnique(*options.migrations));
    migrations = std::move(given);
  } else {
    SIGID_TRY(auto embedded, embeddedMigrations(db.dialect()));
    migrations = std::move(embedded);
  }
  if (db.dialect() == Dialect::Sqlite) return migrateSqlite(db, migrations, options);
  return migrateMysql(db, migrations, options);
}

}  // namespace sigid::store
