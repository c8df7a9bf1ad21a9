#pragma once

#include <string>
#include <vector>

#include "app/config.hpp"
#include "core/log.hpp"

namespace sigid::app {

// `sigid keys rotate --tenant SLUG [--alg ES256|RS256|EdDSA]`: rotates a
// tenant's signing keys against the configured database, as the admin API
// does; running nodes follow through the tenant's config version.
int runKeysCommand(const KernelConfig& config, core::Logger& logger, const std::vector<std::string>& args);

}  // namespace sigid::app
