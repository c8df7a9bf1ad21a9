#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace sigid::store::mysql {

struct MysqlOptions {
  std::string host = "localhost";
  std::uint16_t port = 3306;
  std::string socket;  // unix socket path; when set, host and port are not used
  std::string user;
  std::string password;
  std::string database;  // may be empty: no schema selected
  unsigned pool_size = 8;
  std::chrono::seconds connect_timeout{5};
  // How long a caller waits for a pooled connection before getting Unavailable.
  std::chrono::milliseconds borrow_timeout{10000};
};

}  // namespace sigid::store::mysql
