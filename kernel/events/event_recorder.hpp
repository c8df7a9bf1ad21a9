#pragma once

#include <string>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/repositories/audit_repository.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::events {

enum class Outcome { Success, Failure };

// A change as the audit log and webhooks see it. `data` is a JSON object of
// facts about the change; it must never hold a secret (a secret's id or its
// last characters, never the value).
struct DomainEvent {
  std::string type;  // events::types::k...
  std::string target_type;
  std::string target_id;
  Outcome outcome = Outcome::Success;
  std::string data = "{}";
};

// Records domain events: the audit row (hash-chained) and the webhook outbox
// rows commit on the caller's connection, so inside the caller's transaction
// the change and its event are all-or-nothing on SQLite and MySQL.
class EventRecorder {
 public:
  explicit EventRecorder(const core::Clock& clock) : clock_(clock) {}

  // Internal for a malformed type or data that is not a JSON object: a
  // caller's bug, caught before it reaches the log and subscribers.
  core::Result<void> record(store::Connection& c, const store::TenantScope& tenant, const core::Actor& actor,
                            const DomainEvent& event);

 private:
  const core::Clock& clock_;
  store::AuditRepository audit_;
};

// The cheap structural check used before an event is stored: an object with
// balanced brackets and closed strings (the full parse happens in tests).
bool looksLikeJsonObject(std::string_view text);

}  // namespace sigid::events
