#include "http/request_pipeline.hpp"

#include <algorithm>
#include <exception>

#include "core/random.hpp"
#include "http/error_response.hpp"

namespace sigid::http {

namespace {

constexpr std::string_view kUnmatchedRoute = "unmatched";
constexpr std::string_view kDefaultCsp = "default-src 'none'; frame-ancestors 'none'";

bool isToken(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

// A CR or LF in a header would let a value (a redirect URI, a cookie) split the
// response; NUL confuses clients. Names must be RFC 9110 tokens.
bool headersAreSafe(const HeaderList& headers) {
  return std::all_of(headers.begin(), headers.end(), [](const auto& header) {
    return isToken(header.first) && header.second.find_first_of(std::string_view("\r\n\0", 3)) == std::string::npos;
  });
}

void setDefault(Response& response, std::string name, std::string value) {
  if (!response.header(name)) response.headers.emplace_back(std::move(name), std::move(value));
}

}  // namespace

bool isAcceptableRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
  });
}

RequestPipeline::RequestPipeline(const Router& router, Metrics& metrics, core::Logger& logger, Options options,
                                 std::vector<Middleware> middleware)
    : router_(router), metrics_(metrics), logger_(logger), options_(options), middleware_(std::move(middleware)) {}

void RequestPipeline::identify(Request& request) const {
  const auto incoming = request.header("x-request-id");
  // An id from outside is echoed and logged, so anything but a plain token is
  // replaced: no log forging, no header injection, bounded size.
  request.request_id = incoming && isAcceptableRequestId(*incoming) ? std::string(*incoming) : core::randomToken(16);
}

Response RequestPipeline::renderError(const Request& request, const core::Error& error) const {
  const int status = core::toWire(error.code()).status;
  if (status >= 500) {
    logger_.error("request failed", {{"request_id", request.request_id},
                                     {"route", request.route.empty() ? kUnmatchedRoute : request.route},
                                     {"error", core::toWire(error.code()).error},
                                     {"detail", error.detail()}});
  } else if (!error.detail().empty()) {
    logger_.info("request refused", {{"request_id", request.request_id},
                                     {"route", request.route.empty() ? kUnmatchedRoute : request.route},
                                     {"error", core::toWire(error.code()).error},
                                     {"detail", error.detail()}});
  }
  return errorResponse(error);
}

Response RequestPipeline::refuse(Request& request, const core::Error& error) const {
  if (request.route.empty()) {
    Router::Match match = router_.match(request.method, request.path);
    if (match.kind != Router::Match::Kind::NotFound) request.route = std::move(match.route);
  }
  return renderError(request, error);
}

Response RequestPipeline::dispatch(Request& request) const {
  try {
    Router::Match match = router_.match(request.method, request.path);
    if (match.kind != Router::Match::Kind::NotFound) request.route = std::move(match.route);
    request.path_params = std::move(match.params);

    for (const Middleware& middleware : middleware_) {
      if (std::optional<Response> early = middleware(request)) return std::move(*early);
    }
    switch (match.kind) {
      case Router::Match::Kind::NotFound:
        return renderError(request, core::Error::notFound("no such endpoint"));
      case Router::Match::Kind::MethodNotAllowed:
        return methodNotAllowedResponse(match.allowed);
      case Router::Match::Kind::Found:
        break;
    }
    core::Result<Response> result = (*match.handler)(request);
    if (!result) return renderError(request, result.error());
    return std::move(result).value();
  } catch (const std::exception& e) {
    return renderError(request, core::Error::internal(std::string("uncaught exception: ") + e.what()));
  } catch (...) {
    return renderError(request, core::Error::internal("uncaught non-standard exception"));
  }
}

void RequestPipeline::finish(const Request& request, Response& response,
                             std::chrono::steady_clock::duration elapsed) const {
  if (!headersAreSafe(response.headers)) {
    response = renderError(request, core::Error::internal("handler set a header with an invalid name or value"));
  }
  // Every response, errors included: a JSON error rendered as HTML in a frame is
  // still an attack surface. Handlers may override all but nosniff (hosted pages
  // set their own CSP).
  response.setHeader("X-Content-Type-Options", "nosniff");
  setDefault(response, "X-Frame-Options", "DENY");
  setDefault(response, "Referrer-Policy", "no-referrer");
  setDefault(response, "Content-Security-Policy", std::string(kDefaultCsp));
  // Tokens and user data must not sit in shared caches; cacheable endpoints
  // (JWKS, discovery) say so themselves.
  setDefault(response, "Cache-Control", "no-store");
  if (options_.hsts) setDefault(response, "Strict-Transport-Security", "max-age=31536000");
  response.setHeader("X-Request-Id", request.request_id);

  const std::string_view route = request.route.empty() ? kUnmatchedRoute : std::string_view(request.route);
  const double seconds = std::chrono::duration<double>(elapsed).count();
  metrics_.observeRequest(route, request.method, response.status, seconds);
  // Never the path, query or body: they carry codes, tokens and personal data.
  logger_.info("request", {{"method", request.method},
                           {"route", route},
                           {"status", response.status},
                           {"duration_ms", seconds * 1000.0},
                           {"request_id", request.request_id},
                           {"remote", request.remote_address}});
}

Response RequestPipeline::serve(Request& request) const {
  const auto started = std::chrono::steady_clock::now();
  identify(request);
  Response response = dispatch(request);
  finish(request, response, std::chrono::steady_clock::now() - started);
  return response;
}

}  // namespace sigid::http
