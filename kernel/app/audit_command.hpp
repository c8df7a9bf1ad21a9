#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "app/config.hpp"
#include "core/log.hpp"

namespace sigid::app {

// `sigid audit verify --tenant SLUG|UUID`: recomputes the tenant's audit hash
// chain straight from the database and prints the result (and every problem,
// one per line). Exit status 0 intact, 1 tampered, 2 when it could not check
// (no such tenant, database unreachable), 64 for bad arguments.
int runAuditCommand(const KernelConfig& config, const std::vector<std::string>& args, std::ostream& out,
                    std::ostream& err);

}  // namespace sigid::app
