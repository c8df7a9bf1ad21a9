#pragma once

#include <iosfwd>

#include "app/config.hpp"
#include "core/log.hpp"

namespace sigid::app {

// `sigid plugins list [--json]`: loads the configured plugin folders exactly as
// `serve` does and prints what loaded (id, version, kinds, file) and what was
// refused and why. Exit status 0 when nothing was refused, 1 otherwise.
int runPluginsList(const KernelConfig& config, core::Logger& logger, bool json, std::ostream& out);

}  // namespace sigid::app
