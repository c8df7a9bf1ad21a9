#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/config.hpp"
#include "core/result.hpp"

namespace sigid::app {

// `sigid COMMAND [--config FILE] [ARGS...]`.
struct CommandLine {
  std::string command;              // serve | migrate | config | version | help
  std::optional<std::string> config_file;
  std::vector<std::string> args;    // what follows the command, options removed
};

core::Result<CommandLine> parseCommandLine(int argc, char** argv);

// The layered configuration (defaults, ./config/sigid.properties when present,
// --config FILE, environment) loaded and validated; the error lists every problem.
core::Result<KernelConfig> loadKernelConfig(const CommandLine& cli, char** environment);

std::string usage();

}  // namespace sigid::app
