#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sigid::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// A transport-independent request: handlers see this, never Poco, so protocol
// handlers are testable without a socket.
struct Request {
  std::string method;          // upper case, e.g. "GET"
  // The raw (still percent-encoded) path, without the query. The router splits it
  // on '/' before decoding each segment, so an encoded "%2F" can never create a
  // segment; read decoded values from path_params, not from here.
  std::string path;
  std::string query;           // raw query string, without '?'
  HeaderList headers;          // names lower-cased, in arrival order
  std::string body;            // already checked against the body limit
  std::string remote_address;  // peer IP address
  std::string request_id;      // set by the server before routing
  std::string route;           // matched route pattern ("/api/v1/system/tenants/{tenant}"); empty when unmatched
  std::map<std::string, std::string> path_params;  // percent-decoded segments

  // First value of a header (name is case-insensitive).
  std::optional<std::string_view> header(std::string_view name) const;
  std::size_t headerCount(std::string_view name) const;
  std::optional<std::string_view> pathParam(std::string_view name) const;
  // application/x-www-form-urlencoded decoding of the query; duplicates are kept.
  std::vector<std::pair<std::string, std::string>> queryParams() const;
};

struct Response {
  int status = 200;
  HeaderList headers;  // names as they should be sent
  std::string body;

  void setHeader(std::string name, std::string value);  // replaces a header of that name
  void addHeader(std::string name, std::string value);  // keeps others of that name (Set-Cookie)
  std::optional<std::string_view> header(std::string_view name) const;

  static Response json(int status, std::string body);
  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  static Response noContent();
  // 302 by default; OAuth redirects (RFC 6749 §4.1.2) use 302 or 303.
  static Response redirect(std::string location, int status = 302);
};

// Decodes application/x-www-form-urlencoded text ('+' is a space). Malformed
// percent escapes are kept literally rather than failing the request.
std::vector<std::pair<std::string, std::string>> parseFormEncoded(std::string_view text);
std::string urlDecode(std::string_view text, bool plus_is_space);
// Percent-encodes everything but RFC 3986 unreserved characters (space is %20).
std::string urlEncode(std::string_view text);

// ASCII case-insensitive comparison, as header names need.
bool equalsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace sigid::http
