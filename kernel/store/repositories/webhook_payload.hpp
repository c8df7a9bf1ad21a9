#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sigid::store {

struct AuditRecord;

// The JSON body a subscriber receives for an event, in the Standard Webhooks
// shape {"type", "timestamp", "data"}. Built once when the event is enqueued and
// stored with the delivery, so every attempt and replay sends identical bytes
// (the signature covers them) even after the audit row is pruned.
std::string webhookPayload(std::string_view tenant_id, const AuditRecord& record);

// RFC 3339 UTC with milliseconds: "2024-05-01T12:00:00.123Z".
std::string rfc3339Millis(std::int64_t epoch_ms);

// A JSON string literal (quotes included) for arbitrary UTF-8 text.
std::string jsonQuote(std::string_view text);

}  // namespace sigid::store
