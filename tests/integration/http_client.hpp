#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace sigid::testing {

struct HttpResult {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  std::string header(const std::string& name) const;  // "" when absent
  // The body as a JSON object (throws with the body when it is not one).
  Poco::JSON::Object::Ptr json() const;
  std::string jsonString(const std::string& key) const;
};

// A plain HTTP/1.1 client for tests: one connection per call, raw control over
// headers and body so malformed requests can be sent too.
class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port, std::string host = "127.0.0.1") : port_(port), host_(std::move(host)) {}

  HttpResult request(const std::string& method, const std::string& path_and_query, const std::string& body = "",
                     const std::map<std::string, std::string>& headers = {}) const;
  HttpResult get(const std::string& path, const std::map<std::string, std::string>& headers = {}) const {
    return request("GET", path, "", headers);
  }
  // JSON body with Content-Type application/json.
  HttpResult sendJson(const std::string& method, const std::string& path, const std::string& json,
                      std::map<std::string, std::string> headers = {}) const;
  // Sends bytes exactly as given (for request-smuggling and oversize tests); returns the raw response.
  std::string raw(const std::string& bytes) const;

 private:
  std::uint16_t port_;
  std::string host_;
};

}  // namespace sigid::testing
