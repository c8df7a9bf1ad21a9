#include "store/repositories/webhook_payload.hpp"

#include <ctime>

#include "store/repositories/audit_repository.hpp"

namespace sigid::store {

std::string jsonQuote(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  for (unsigned char ch : text) {
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (ch < 0x20) {
          out += "\\u00";
          out.push_back(kHex[ch >> 4]);
          out.push_back(kHex[ch & 0xF]);
        } else {
          out.push_back(static_cast<char>(ch));
        }
    }
  }
  out.push_back('"');
  return out;
}

std::string rfc3339Millis(std::int64_t epoch_ms) {
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(epoch_ms % 1000));
  return buffer;
}

std::string webhookPayload(std::string_view tenant_id, const AuditRecord& r) {
  const std::string time = rfc3339Millis(r.occurred_at_ms);
  // The source IP stays in the audit log: receivers get what changed, not who
  // was where.
  std::string out = "{\"type\":" + jsonQuote(r.type) + ",\"timestamp\":" + jsonQuote(time) + ",\"data\":{";
  out += "\"id\":" + jsonQuote(r.id);
  out += ",\"tenant_id\":" + jsonQuote(tenant_id);
  out += ",\"type\":" + jsonQuote(r.type);
  out += ",\"occurred_at\":" + jsonQuote(time);
  out += ",\"actor\":{\"type\":" + jsonQuote(r.actor_type) + ",\"id\":" + jsonQuote(r.actor_id) + "}";
  out += ",\"target\":{\"type\":" + jsonQuote(r.target_type) + ",\"id\":" + jsonQuote(r.target_id) + "}";
  out += ",\"outcome\":" + jsonQuote(r.outcome);
  out += ",\"request_id\":" + jsonQuote(r.request_id);
  out += ",\"data\":" + (r.data.empty() ? std::string("{}") : r.data);
  out += "}}";
  return out;
}

}  // namespace sigid::store
