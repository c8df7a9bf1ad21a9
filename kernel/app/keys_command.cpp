#include "app/keys_command.hpp"

#include <cstdlib>
#include <iostream>

#include "admin/key_routes.hpp"
#include "core/clock.hpp"
#include "crypto_store/data_key_service.hpp"
#include "oauth/keys/key_service.hpp"
#include "store/open_database.hpp"
#include "tenancy/tenant_service.hpp"

namespace sigid::app {
namespace {

constexpr std::string_view kUsage = "usage: sigid keys rotate --tenant SLUG [--alg ES256|RS256|EdDSA]\n";

int fail(const core::Error& error) {
  std::cerr << "sigid keys: " << error.description() << (error.detail().empty() ? "" : " (" + error.detail() + ")")
            << "\n";
  return 1;
}

}  // namespace

int runKeysCommand(const KernelConfig& config, core::Logger& logger, const std::vector<std::string>& args) {
  std::string tenant_ref, alg_name = "ES256";
  if (args.empty() || args[0] != "rotate") {
    std::cerr << kUsage;
    return 64;
  }
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--tenant" && i + 1 < args.size()) tenant_ref = args[++i];
    else if (args[i] == "--alg" && i + 1 < args.size()) alg_name = args[++i];
    else {
      std::cerr << "sigid keys: unexpected argument '" << args[i] << "'\n" << kUsage;
      return 64;
    }
  }
  auto alg = core::crypto::parseJwsAlgorithm(alg_name);
  if (tenant_ref.empty() || !alg) {
    std::cerr << kUsage;
    return 64;
  }

  core::SystemClock clock;
  auto db = store::openDatabase({config.database.url, config.database.pool_size, config.database.busy_timeout,
                                 config.database.connect_timeout});
  if (!db) return fail(db.error());
  auto sealer = crypto_store::DataKeyService::open(**db, clock, logger, config.security.master_key);
  if (!sealer) return fail(sealer.error());
  tenancy::TenantService tenants(**db, clock);
  auto tenant = tenants.find(tenant_ref);
  if (!tenant) return fail(tenant.error());
  oauth::KeyService keys(**db, **sealer, clock, logger, {config.keys.rotation_overlap});

  const char* user = std::getenv("USER");
  core::Actor actor{"operator_cli", user ? user : "unknown", "", ""};
  auto rotated = keys.rotate(*tenant, *alg, admin::rotationAudit(tenants, actor, *tenant, *alg));
  if (!rotated) return fail(rotated.error());
  std::cout << "rotated " << alg_name << " keys of tenant " << tenant->slug << "\n"
            << "  current: " << rotated->current_kid << "\n"
            << "  next:    " << rotated->next_kid << "\n";
  if (!rotated->retired_kid.empty())
    std::cout << "  retired: " << rotated->retired_kid << " (published until " << rotated->retired_until << ")\n";
  return 0;
}

}  // namespace sigid::app
