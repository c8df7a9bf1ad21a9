#include "core/error.hpp"

namespace sigid::core {

WireError toWire(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidRequest: return {"invalid_request", 400};
    case ErrorCode::InvalidClient: return {"invalid_client", 401};
    case ErrorCode::InvalidGrant: return {"invalid_grant", 400};
    case ErrorCode::UnauthorizedClient: return {"unauthorized_client", 400};
    case ErrorCode::UnsupportedGrantType: return {"unsupported_grant_type", 400};
    case ErrorCode::InvalidScope: return {"invalid_scope", 400};
    case ErrorCode::AccessDenied: return {"access_denied", 403};
    case ErrorCode::InvalidToken: return {"invalid_token", 401};
    case ErrorCode::Unauthenticated: return {"unauthenticated", 401};
    case ErrorCode::Forbidden: return {"forbidden", 403};
    case ErrorCode::TenantSuspended: return {"tenant_suspended", 403};
    case ErrorCode::NotFound: return {"not_found", 404};
    case ErrorCode::MethodNotAllowed: return {"method_not_allowed", 405};
    case ErrorCode::Conflict: return {"conflict", 409};
    case ErrorCode::PayloadTooLarge: return {"payload_too_large", 413};
    case ErrorCode::UnsupportedMediaType: return {"unsupported_media_type", 415};
    case ErrorCode::RateLimited: return {"too_many_requests", 429};
    case ErrorCode::Unavailable: return {"temporarily_unavailable", 503};
    case ErrorCode::Internal: return {"server_error", 500};
  }
  return {"server_error", 500};
}

}  // namespace sigid::core
