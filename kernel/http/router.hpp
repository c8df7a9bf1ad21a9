#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/handler.hpp"

namespace sigid::http {

// Routes "METHOD /literal/{param}/..." patterns. Literal segments win over
// parameters (compared left to right). An unknown path is 404; a known path with
// another method is 405 with the allowed methods (for the Allow header). A
// trailing slash is a different path. Matching takes the raw request path and
// percent-decodes each segment after splitting, so "%2F" stays inside its segment.
// Build the table at start-up, then only call match() (no locking).
class Router {
 public:
  // Throws std::invalid_argument for a malformed pattern ("{}" empty name, a brace
  // inside a segment, no leading '/') or a second route with the same method and
  // shape: both are wiring bugs that must stop start-up, not requests.
  void add(std::string method, std::string pattern, Handler handler);

  struct Match {
    enum class Kind { Found, NotFound, MethodNotAllowed } kind = Kind::NotFound;
    const Handler* handler = nullptr;
    std::string route;                          // the pattern (also for 405), for metrics and logs
    std::map<std::string, std::string> params;  // path parameters, percent-decoded
    std::vector<std::string> allowed;           // for 405: the registered methods, sorted
  };
  // `raw_path` is the request path as received (percent-encoded, no query).
  Match match(std::string_view method, std::string_view raw_path) const;

  std::size_t size() const { return routes_.size(); }
  // Every registered (method, pattern), in registration order: logged at start-up
  // and checked against docs/api/openapi.yaml by a test.
  std::vector<std::pair<std::string, std::string>> routes() const;

 private:
  struct Segment {
    bool is_param = false;
    std::string text;  // the literal, or the parameter name
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace sigid::http
