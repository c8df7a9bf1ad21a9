#pragma once

#include <string>

#include "core/error.hpp"

namespace sigid::store::mysql {

// Client (2xxx) and server codes that mean the session is gone: the connection
// must be dropped, and a statement that never ran may be retried on a new one.
bool isConnectionLost(int code, const std::string& sql_state);

// Lost connections where the statement certainly did not run: the server was
// never reached, or it dropped the session before reading the statement.
bool lostBeforeExecution(int code);

// The one mapping from a Connector/C++ failure to an Error (see database.hpp).
core::Error mysqlError(int code, const std::string& sql_state, const std::string& message);

}  // namespace sigid::store::mysql
