#include "oauth/endpoints/protocol_services.hpp"

namespace sigid::oauth {

ProtocolServices::ProtocolServices(store::Database& db, const core::Clock& clock, core::Logger& log,
                                   KeyService& keys, http::Metrics& metrics, const ProtocolOptions& options)
    : db_(db),
      log_(log),
      directory_(db, clock, options.cache_refresh_interval, options.public_base_url),
      issuer_(keys, clock),
      tokens_(issuer_),
      verifier_(keys, clock),
      revocations_(db, clock, options.revocation_refresh_interval),
      introspection_(verifier_, revocations_),
      client_limiter_(options.client_rate_limit, clock),
      address_limiter_(options.address_rate_limit, clock),
      failed_auth_(clock),
      context_{directory_, keys, tokens_, introspection_, client_limiter_, address_limiter_, failed_auth_, clock,
               metrics} {
  batches_ = std::make_unique<PeriodicTask>(options.audit_batch_interval, [this] { flushBatches(); });
}

ProtocolServices::~ProtocolServices() { stop(); }

void ProtocolServices::stop() {
  if (batches_) batches_->stop();
}

void ProtocolServices::flushBatches() {
  auto flushed = failed_auth_.flush(db_);
  if (!flushed) {
    log_.warning("failed-authentication audit not written", {{"detail", flushed.error().detail()}});
  } else if (flushed->dropped > 0) {
    // Bounded aggregation overflowed: the metric still counted every failure.
    log_.warning("failed-authentication audit groups dropped", {{"dropped", flushed->dropped}});
  }
  if (auto purged = revocations_.purgeExpired(); !purged)
    log_.warning("expired revocations not purged", {{"detail", purged.error().detail()}});
}

}  // namespace sigid::oauth
