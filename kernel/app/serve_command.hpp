#pragma once

#include "app/config.hpp"
#include "core/log.hpp"

namespace sigid::app {

// `sigid serve`: runs the kernel until SIGTERM/SIGINT, then drains and returns 0.
int runServe(KernelConfig config, core::Logger& logger, char* argv0);

}  // namespace sigid::app
