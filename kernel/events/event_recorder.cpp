#include "events/event_recorder.hpp"

#include "core/ids.hpp"
#include "events/event_types.hpp"

namespace sigid::events {

bool looksLikeJsonObject(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.remove_suffix(1);
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') return false;
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char ch : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (ch == '\\') escaped = true;
      else if (ch == '"') in_string = false;
      else if (static_cast<unsigned char>(ch) < 0x20) return false;
      continue;
    }
    if (ch == '"') in_string = true;
    else if (ch == '{' || ch == '[') ++depth;
    else if (ch == '}' || ch == ']') {
      if (--depth < 0) return false;
    }
  }
  return depth == 0 && !in_string;
}

core::Result<void> EventRecorder::record(store::Connection& c, const store::TenantScope& tenant,
                                         const core::Actor& actor, const DomainEvent& event) {
  if (!isValidEventType(event.type))
    return core::Error::internal("audit event type '" + event.type + "' is not a valid event type");
  if (!looksLikeJsonObject(event.data))
    return core::Error::internal("audit event " + event.type + ": data is not a JSON object");
  store::AuditRecord record{core::Uuid::v7().str(),
                            clock_.nowMillis(),
                            event.type,
                            actor.type,
                            actor.id,
                            event.target_type,
                            event.target_id,
                            actor.source_ip.substr(0, 64),
                            actor.request_id.substr(0, 128),
                            event.outcome == Outcome::Success ? "success" : "failure",
                            event.data};
  return audit_.append(tenant, c, record);
}

}  // namespace sigid::events
