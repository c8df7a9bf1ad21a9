#include "events/audit_verifier.hpp"

#include "store/autocommit.hpp"
#include "store/repositories/audit_chain.hpp"

namespace sigid::events {
namespace {

constexpr std::size_t kPage = 1000;

std::string at(const store::AuditRow& row) {
  return "row " + std::to_string(*row.seq) + " (event " + row.record.id + ")";
}

}  // namespace

core::Result<AuditVerification> verifyAuditChain(store::Database& db, const store::TenantScope& tenant,
                                                 std::size_t max_problems) {
  store::AuditRepository audit;
  store::AutoCommit c(db);
  AuditVerification report;
  auto problem = [&](std::string text) {
    report.intact = false;
    if (report.problems.size() < max_problems) report.problems.push_back(std::move(text));
  };
  SIGID_TRY(report.checkpoint, audit.checkpoint(tenant, c));
  SIGID_TRY(report.head, audit.head(tenant, c));
  SIGID_TRY(report.unchained_rows, audit.unchainedCount(tenant, c));

  std::int64_t expected_seq = report.checkpoint ? report.checkpoint->link.seq + 1 : 1;
  std::string expected_prev =
      report.checkpoint ? report.checkpoint->link.hash : std::string(store::kAuditGenesisHash);
  std::int64_t after = expected_seq - 1;
  while (true) {
    SIGID_TRY(auto rows, audit.chain(tenant, c, after, kPage));
    for (const auto& row : rows) {
      ++report.rows_checked;
      if (*row.seq != expected_seq) {
        problem(*row.seq > expected_seq
                    ? "rows " + std::to_string(expected_seq) + " to " + std::to_string(*row.seq - 1) +
                          " are missing (deleted) before " + at(row)
                    : at(row) + " is out of sequence");
      } else if (row.prev_hash != expected_prev) {
        problem(at(row) + " does not link to the row before it (reordered, or an earlier row was altered)");
      }
      if (store::auditRowHash(tenant.str(), *row.seq, row.record, row.prev_hash) != row.hash)
        problem(at(row) + " was altered: its content does not match its hash");
      expected_seq = *row.seq + 1;
      expected_prev = row.hash;
      after = *row.seq;
    }
    if (rows.size() < kPage) break;
  }
  const std::int64_t last_seq = expected_seq - 1;
  if (report.head) {
    if (report.head->seq > last_seq)
      problem("rows " + std::to_string(last_seq + 1) + " to " + std::to_string(report.head->seq) +
              " are missing (deleted at the end of the log)");
    else if (report.head->seq < last_seq)
      problem("rows after " + std::to_string(report.head->seq) + " are not recorded in the chain head");
    else if (report.head->hash != expected_prev)
      problem("the newest row does not match the chain head (altered or replaced)");
  } else if (report.rows_checked > 0) {
    problem("the chain head is missing");
  }
  return report;
}

}  // namespace sigid::events
