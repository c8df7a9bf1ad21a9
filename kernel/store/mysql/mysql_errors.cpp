#include "store/mysql/mysql_errors.hpp"

namespace sigid::store::mysql {

namespace {

// https://mariadb.com/kb/en/mariadb-error-codes/ and MySQL's client error list.
constexpr int kDupKey = 1022;
constexpr int kServerShutdown = 1053;
constexpr int kDupEntry = 1062;
constexpr int kLockWaitTimeout = 1205;
constexpr int kDeadlock = 1213;
constexpr int kDupEntryWithKeyName = 1586;
constexpr int kConnectionKilled = 1927;  // MariaDB: KILL of this session
constexpr int kTooManyConnections = 1040;
constexpr int kCrSocketError = 2002;
constexpr int kCrConnHostError = 2003;
constexpr int kCrUnknownHost = 2005;
constexpr int kCrServerGone = 2006;
constexpr int kCrServerLost = 2013;
constexpr int kCrServerLostExtended = 2055;
constexpr int kClientInactivityTimeout = 4031;  // MySQL 8: server closed an idle session

}  // namespace

bool isConnectionLost(int code, const std::string& sql_state) {
  switch (code) {
    case kServerShutdown:
    case kConnectionKilled:
    case kCrSocketError:
    case kCrConnHostError:
    case kCrUnknownHost:
    case kCrServerGone:
    case kCrServerLost:
    case kCrServerLostExtended:
    case kClientInactivityTimeout:
      return true;
    default:
      // SQLSTATE class 08 is "connection exception".
      return sql_state.rfind("08", 0) == 0;
  }
}

bool lostBeforeExecution(int code) {
  switch (code) {
    case kConnectionKilled:
    case kCrSocketError:
    case kCrConnHostError:
    case kCrUnknownHost:
    case kCrServerGone:
    case kClientInactivityTimeout:
      return true;
    default:
      // 2013 "lost connection during query" may follow a statement that ran.
      return false;
  }
}

core::Error mysqlError(int code, const std::string& sql_state, const std::string& message) {
  std::string detail = "mysql " + std::to_string(code) + " (" + sql_state + "): " + message;
  switch (code) {
    case kDupEntry:
    case kDupKey:
    case kDupEntryWithKeyName:
      return core::Error::conflict("a record with that key already exists").withDetail(std::move(detail));
    // Retrying later can succeed: report the database as unavailable, not our fault.
    case kLockWaitTimeout:
    case kDeadlock:
    case kTooManyConnections:
      return core::Error::unavailable(std::move(detail));
    default:
      if (isConnectionLost(code, sql_state)) return core::Error::unavailable(std::move(detail));
      return core::Error::internal(std::move(detail));
  }
}

}  // namespace sigid::store::mysql
