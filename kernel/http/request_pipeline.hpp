#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <vector>

#include "core/error.hpp"
#include "core/log.hpp"
#include "http/metrics.hpp"
#include "http/request.hpp"
#include "http/router.hpp"

namespace sigid::http {

// Runs before the handler, after routing (request.route and path_params are set;
// route is empty when nothing matched). Returning a response ends the request
// there (rate limiting, tenant checks); nullopt passes it on. Must be thread-safe.
using Middleware = std::function<std::optional<Response>(Request&)>;

// What happens to a request between the socket and the handler, without the
// socket: request id, routing, middleware, the handler's errors and exceptions,
// security headers, metrics and the access log. HttpServer adapts Poco to this;
// tests drive it directly.
class RequestPipeline {
 public:
  struct Options {
    bool hsts = false;  // send Strict-Transport-Security (TLS here or at a proxy in front)
  };

  RequestPipeline(const Router& router, Metrics& metrics, core::Logger& logger, Options options,
                  std::vector<Middleware> middleware = {});

  // Keeps an incoming X-Request-Id of 1..128 [A-Za-z0-9._-] characters, else makes one.
  void identify(Request& request) const;
  // Routes and runs middleware and handler. Never throws: exceptions become 500.
  Response dispatch(Request& request) const;
  // Renders an error raised before dispatch (a body too large, unreadable) and logs its detail.
  Response refuse(Request& request, const core::Error& error) const;
  // Adds the headers every response carries, records metrics and writes the access log line.
  void finish(const Request& request, Response& response, std::chrono::steady_clock::duration elapsed) const;

  // identify + dispatch + finish, for in-process callers and tests.
  Response serve(Request& request) const;

  core::Logger& logger() const { return logger_; }

 private:
  Response renderError(const Request& request, const core::Error& error) const;

  const Router& router_;
  Metrics& metrics_;
  core::Logger& logger_;
  Options options_;
  std::vector<Middleware> middleware_;
};

// True when `id` is 1..128 characters of [A-Za-z0-9._-]: safe to echo and log.
bool isAcceptableRequestId(std::string_view id);

}  // namespace sigid::http
