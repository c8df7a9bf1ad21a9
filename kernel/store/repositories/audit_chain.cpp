#include "store/repositories/audit_chain.hpp"

#include "core/hashing.hpp"
#include "store/repositories/audit_repository.hpp"

namespace sigid::store {
namespace {

void field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += ';';
}

}  // namespace

std::string canonicalAuditRow(std::string_view tenant_id, std::int64_t seq, const AuditRecord& r) {
  std::string out = "sigid-audit-v1;";
  field(out, tenant_id);
  field(out, std::to_string(seq));
  field(out, r.id);
  field(out, std::to_string(r.occurred_at_ms));
  field(out, r.type);
  field(out, r.actor_type);
  field(out, r.actor_id);
  field(out, r.target_type);
  field(out, r.target_id);
  field(out, r.source_ip);
  field(out, r.request_id);
  field(out, r.outcome);
  field(out, r.data);
  return out;
}

std::string auditRowHash(std::string_view tenant_id, std::int64_t seq, const AuditRecord& record,
                         std::string_view prev_hash) {
  std::string input = canonicalAuditRow(tenant_id, seq, record);
  input += prev_hash;
  return core::sha256Hex(input);
}

}  // namespace sigid::store
