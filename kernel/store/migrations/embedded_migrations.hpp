#pragma once

#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace sigid::store::migrations {

// A migration file compiled into the binary (embed_migrations.cmake generates
// the definition from migrations/<dialect>/NNNN_name.sql at build time), so a
// deployed kernel needs no files beside it and cannot run a stale copy.
struct MigrationFile {
  Dialect dialect;
  std::string_view file_name;  // "0001_tenants.sql"
  std::string_view contents;
};

// Every embedded file of both dialects, sorted by dialect then file name.
const std::vector<MigrationFile>& embeddedMigrationFiles();

}  // namespace sigid::store::migrations
