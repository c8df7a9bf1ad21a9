#pragma once

#include <string>
#include <string_view>

namespace sigid::core {

// Every failure in the kernel carries one of these codes. The code names the
// RFC error a client sees; `toWire` is the one place that maps it to HTTP.
enum class ErrorCode {
  InvalidRequest,        // RFC 6749 §5.2 / generic 400
  InvalidClient,         // RFC 6749 §5.2, 401
  InvalidGrant,          // RFC 6749 §5.2
  UnauthorizedClient,    // RFC 6749 §5.2
  UnsupportedGrantType,  // RFC 6749 §5.2
  InvalidScope,          // RFC 6749 §5.2
  AccessDenied,          // RFC 6749 §4.1.2.1, 403
  InvalidToken,          // RFC 6750 §3.1, 401
  Unauthenticated,       // control plane: no or bad credential, 401
  Forbidden,             // control plane: authenticated but not allowed, 403
  TenantSuspended,       // the tenant is suspended: its calls are refused, data kept
  NotFound,              // 404, also for ids that belong to another tenant
  MethodNotAllowed,      // 405 (the router adds Allow)
  Conflict,              // 409, e.g. duplicate slug
  PayloadTooLarge,       // 413
  UnsupportedMediaType,  // 415
  RateLimited,           // 429 (the caller adds Retry-After)
  Unavailable,           // 503: a dependency (database) is down
  Internal,              // 500: the only code for our own faults
};

struct WireError {
  std::string_view error;  // the `error` member of the JSON body
  int status;
};

WireError toWire(ErrorCode code);

// `description` is shown to clients and must never contain secrets, SQL, internal
// ids or raw input. `detail` goes to logs only.
class [[nodiscard]] Error {
 public:
  Error(ErrorCode code, std::string description) : code_(code), description_(std::move(description)) {}

  Error& withDetail(std::string detail) & {
    detail_ = std::move(detail);
    return *this;
  }
  Error&& withDetail(std::string detail) && {
    detail_ = std::move(detail);
    return std::move(*this);
  }

  ErrorCode code() const { return code_; }
  const std::string& description() const { return description_; }
  const std::string& detail() const { return detail_; }

  static Error invalidRequest(std::string d) { return {ErrorCode::InvalidRequest, std::move(d)}; }
  static Error notFound(std::string d) { return {ErrorCode::NotFound, std::move(d)}; }
  static Error conflict(std::string d) { return {ErrorCode::Conflict, std::move(d)}; }
  static Error internal(std::string detail) {
    return Error(ErrorCode::Internal, "the server could not complete the request").withDetail(std::move(detail));
  }
  static Error unavailable(std::string detail) {
    return Error(ErrorCode::Unavailable, "a dependency of the server is unavailable").withDetail(std::move(detail));
  }

 private:
  ErrorCode code_;
  std::string description_;
  std::string detail_;
};

}  // namespace sigid::core
