#pragma once

#include "core/clock.hpp"
#include "http/metrics.hpp"
#include "oauth/failed_auth_recorder.hpp"
#include "oauth/introspection_service.hpp"
#include "oauth/keys/key_service.hpp"
#include "oauth/rate_limiter.hpp"
#include "oauth/tenant_directory.hpp"
#include "oauth/token_service.hpp"
#include "oauth/user_grants.hpp"

namespace sigid::oauth {

// What the protocol endpoints (/t/{slug}/...) share; built in app/kernel.cpp.
struct ProtocolContext {
  TenantDirectory& directory;
  KeyService& keys;
  TokenService& tokens;
  IntrospectionService& introspection;
  RateLimiter& client_limiter;   // per client_id, on endpoints that check client secrets
  RateLimiter& address_limiter;  // per source address, idem
  FailedAuthRecorder& failed_auth;
  const core::Clock& clock;
  http::Metrics& metrics;
  // authorization_code and refresh_token (issue 7 part B); set by app/ once
  // the user services exist. Null: those grants are unsupported_grant_type.
  UserGrants* user_grants = nullptr;
};

}  // namespace sigid::oauth
