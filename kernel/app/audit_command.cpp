#include "app/audit_command.hpp"

#include <ostream>

#include "core/clock.hpp"
#include "events/audit_verifier.hpp"
#include "store/open_database.hpp"
#include "tenancy/tenant_service.hpp"

namespace sigid::app {

int runAuditCommand(const KernelConfig& config, const std::vector<std::string>& args, std::ostream& out,
                    std::ostream& err) {
  std::string tenant_arg;
  if (args.size() == 3 && args[0] == "verify" && args[1] == "--tenant") tenant_arg = args[2];
  if (args.size() == 2 && args[0] == "verify" && args[1].starts_with("--tenant=")) tenant_arg = args[1].substr(9);
  if (tenant_arg.empty()) {
    err << "usage: sigid audit verify --tenant SLUG\n";
    return 64;
  }
  auto db = store::openDatabase(store::DatabaseOptions{config.database.url, 1, config.database.busy_timeout,
                                                       config.database.connect_timeout});
  if (!db) {
    err << "sigid: cannot open the database: " << db.error().description() << " (" << db.error().detail() << ")\n";
    return 2;
  }
  core::SystemClock clock;
  tenancy::TenantService tenants(**db, clock);
  auto tenant = tenants.find(tenant_arg);
  if (!tenant) {
    err << "sigid: " << tenant.error().description() << "\n";
    return 2;
  }
  auto report = events::verifyAuditChain(**db, store::TenantScope(tenant->id), 1000);
  if (!report) {
    err << "sigid: verification failed to run: " << report.error().description() << " (" << report.error().detail()
        << ")\n";
    return 2;
  }
  out << "tenant " << tenant->slug << " (" << tenant->id.str() << ")\n";
  out << "rows checked: " << report->rows_checked << "\n";
  if (report->checkpoint)
    out << "starts after checkpoint: seq " << report->checkpoint->link.seq << " (" << report->checkpoint->pruned_rows
        << " rows pruned by retention)\n";
  if (report->head) out << "head: seq " << report->head->seq << " hash " << report->head->hash << "\n";
  if (report->unchained_rows > 0)
    out << "rows written before the chain existed (not verifiable): " << report->unchained_rows << "\n";
  if (report->intact) {
    out << "audit chain intact\n";
    return 0;
  }
  out << "AUDIT CHAIN BROKEN:\n";
  for (const auto& problem : report->problems) out << "  " << problem << "\n";
  return 1;
}

}  // namespace sigid::app
