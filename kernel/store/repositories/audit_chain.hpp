#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sigid::store {

struct AuditRecord;

// The per-tenant hash chain of the audit log (DESIGN.md §8). Each row stores
// prev_hash and hash = SHA-256(canonical(row) || prev_hash); the first row of a
// tenant links to the genesis hash. Changing, removing or reordering a row breaks
// every later link, which `sigid audit verify` recomputes.
inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// Every field that matters, each length-prefixed so no two different rows can
// serialise to the same bytes ("ab"+"c" vs "a"+"bc"). Versioned: a change of
// the layout is a new prefix, and old rows keep verifying under the old one.
std::string canonicalAuditRow(std::string_view tenant_id, std::int64_t seq, const AuditRecord& record);

// Lowercase hex SHA-256 over the canonical row followed by the previous hash.
std::string auditRowHash(std::string_view tenant_id, std::int64_t seq, const AuditRecord& record,
                         std::string_view prev_hash);

}  // namespace sigid::store
