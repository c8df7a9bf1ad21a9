#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "store/database.hpp"

namespace sigid::store {

// What the store needs from configuration (app/ fills it from DatabaseConfig;
// store does not know app's types).
struct DatabaseOptions {
  std::string url = "sqlite:var/sigid.db";       // see database_url.hpp
  unsigned pool_size = 8;                        // MySQL sessions; SQLite read connections
  std::chrono::milliseconds busy_timeout{5000};  // SQLite: wait this long for another process's lock
  std::chrono::seconds connect_timeout{5};       // MySQL connect timeout
};

// Parses the URL and opens the backend. A bad URL is InvalidRequest naming
// `database.url`; a database that cannot be reached or opened is Unavailable.
core::Result<std::unique_ptr<Database>> openDatabase(const DatabaseOptions& options);

}  // namespace sigid::store
