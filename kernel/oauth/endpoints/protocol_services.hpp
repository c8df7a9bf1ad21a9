#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/log.hpp"
#include "http/metrics.hpp"
#include "oauth/access_token.hpp"
#include "oauth/access_token_verifier.hpp"
#include "oauth/endpoints/protocol_context.hpp"
#include "oauth/failed_auth_recorder.hpp"
#include "oauth/introspection_service.hpp"
#include "oauth/keys/key_service.hpp"
#include "oauth/periodic_task.hpp"
#include "oauth/rate_limiter.hpp"
#include "oauth/revocation_list.hpp"
#include "oauth/tenant_directory.hpp"
#include "oauth/token_service.hpp"
#include "store/database.hpp"

namespace sigid::oauth {

struct ProtocolOptions {
  std::string public_base_url;
  std::chrono::milliseconds cache_refresh_interval{1000};
  std::chrono::milliseconds revocation_refresh_interval{1000};
  RateLimit client_rate_limit;
  RateLimit address_rate_limit;
  std::chrono::milliseconds audit_batch_interval{5000};
};

// Owns the protocol side of issue 6 (directory, issuer, verifier, revocations,
// limits, batched audit) so app/kernel.cpp wires it in a few lines. Building it
// starts the audit/purge timer; stop() (also on destruction) flushes once more.
class ProtocolServices {
 public:
  ProtocolServices(store::Database& db, const core::Clock& clock, core::Logger& log, KeyService& keys,
                   http::Metrics& metrics, const ProtocolOptions& options);
  ~ProtocolServices();

  TenantDirectory& directory() { return directory_; }
  ProtocolContext& context() { return context_; }
  AccessTokenIssuer& issuer() { return issuer_; }
  RevocationList& revocations() { return revocations_; }
  void stop();

 private:
  void flushBatches();

  store::Database& db_;
  core::Logger& log_;
  TenantDirectory directory_;
  AccessTokenIssuer issuer_;
  TokenService tokens_;
  AccessTokenVerifier verifier_;
  RevocationList revocations_;
  IntrospectionService introspection_;
  RateLimiter client_limiter_;
  RateLimiter address_limiter_;
  FailedAuthRecorder failed_auth_;
  ProtocolContext context_;
  std::unique_ptr<PeriodicTask> batches_;  // last: stops (and flushes) before the rest goes
};

}  // namespace sigid::oauth
