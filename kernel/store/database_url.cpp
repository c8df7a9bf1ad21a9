#include "store/database_url.hpp"

#include <charconv>
#include <optional>

namespace sigid::store {

namespace {

core::Error badUrl(const std::string& why) {
  return core::Error::invalidRequest("database.url: " + why +
                                     " (expected sqlite:PATH or mysql://user[:password]@host[:port]/database)");
}

std::optional<std::string> percentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
    if (ec != std::errc() || end != text.data() + i + 3) return std::nullopt;
    out.push_back(static_cast<char>(value));
    i += 2;
  }
  return out;
}

core::Result<DatabaseUrl> parseSqlite(std::string_view rest) {
  if (rest.empty()) return badUrl("sqlite: needs a file path, e.g. sqlite:var/sigid.db");
  if (rest == ":memory:") return DatabaseUrl(SqliteUrl{":memory:"});
  if (rest.find('\0') != std::string_view::npos) return badUrl("the sqlite path contains a NUL byte");
  return DatabaseUrl(SqliteUrl{std::string(rest)});
}

core::Result<DatabaseUrl> parseMysql(std::string_view rest) {
  MysqlUrl url;
  std::string_view query;
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string_view authority = rest;
  std::string_view path;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    authority = rest.substr(0, slash);
    path = rest.substr(slash + 1);
  }
  // The last '@' separates credentials: a raw '@' in a password still parses.
  auto at = authority.rfind('@');
  if (at == std::string_view::npos) return badUrl("mysql URL needs a user (mysql://user@host/database)");
  std::string_view userinfo = authority.substr(0, at);
  std::string_view hostport = authority.substr(at + 1);

  std::string_view user = userinfo;
  if (auto colon = userinfo.find(':'); colon != std::string_view::npos) {
    user = userinfo.substr(0, colon);
    auto password = percentDecode(userinfo.substr(colon + 1));
    if (!password) return badUrl("mysql password has a bad percent-escape");
    url.password = std::move(*password);
  }
  auto decoded_user = percentDecode(user);
  if (!decoded_user) return badUrl("mysql user has a bad percent-escape");
  if (decoded_user->empty()) return badUrl("mysql URL needs a user");
  url.user = std::move(*decoded_user);

  std::string_view host = hostport;
  std::string_view port;
  if (!hostport.empty() && hostport.front() == '[') {  // [IPv6]:port
    auto close = hostport.find(']');
    if (close == std::string_view::npos) return badUrl("unclosed '[' in the mysql host");
    host = hostport.substr(1, close - 1);
    std::string_view after = hostport.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return badUrl("unexpected text after the mysql host");
      port = after.substr(1);
    }
  } else if (auto colon = hostport.rfind(':'); colon != std::string_view::npos) {
    host = hostport.substr(0, colon);
    port = hostport.substr(colon + 1);
  }
  if (host.empty()) return badUrl("mysql URL needs a host");
  url.host = std::string(host);
  if (hostport.back() == ':' || !port.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      return badUrl("mysql port must be a number from 1 to 65535");
    }
    url.port = static_cast<std::uint16_t>(value);
  }

  auto database = percentDecode(path);
  if (!database) return badUrl("mysql database name has a bad percent-escape");
  if (database->find('/') != std::string::npos) return badUrl("mysql database name must not contain '/'");
  url.database = std::move(*database);

  while (!query.empty()) {
    std::string_view pair = query;
    if (auto amp = query.find('&'); amp != std::string_view::npos) {
      pair = query.substr(0, amp);
      query = query.substr(amp + 1);
    } else {
      query = {};
    }
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (key != "socket") return badUrl("unknown mysql URL parameter '" + std::string(key) + "' (known: socket)");
    auto socket = percentDecode(value);
    if (!socket || socket->empty()) return badUrl("socket= needs a path");
    url.socket = std::move(*socket);
  }
  return DatabaseUrl(std::move(url));
}

}  // namespace

core::Result<DatabaseUrl> parseDatabaseUrl(std::string_view url) {
  if (url.rfind("sqlite:", 0) == 0) return parseSqlite(url.substr(7));
  if (url.rfind("mysql://", 0) == 0) return parseMysql(url.substr(8));
  if (url.empty()) return badUrl("empty");
  return badUrl("unknown scheme");
}

std::string redactedDatabaseUrl(const DatabaseUrl& url) {
  if (const auto* sqlite = std::get_if<SqliteUrl>(&url)) return "sqlite:" + sqlite->path;
  const auto& mysql = std::get<MysqlUrl>(url);
  std::string text = "mysql://" + mysql.user + (mysql.password.empty() ? "" : ":***") + "@" + mysql.host + ":" +
                     std::to_string(mysql.port) + "/" + mysql.database;
  if (!mysql.socket.empty()) text += "?socket=" + mysql.socket;
  return text;
}

}  // namespace sigid::store
