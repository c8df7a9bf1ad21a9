#pragma once

#include <string>
#include <vector>

#include "app/config.hpp"

namespace sigid::app {

// `sigid policy test DIR`: runs the *_test.lua fixtures in DIR under the
// configured sandbox limits. Exit 0 when every case passed, 1 on a failure,
// 2 when a fixture or policy could not be loaded, 64 on bad usage.
int runPolicyCommand(const KernelConfig& config, const std::vector<std::string>& args);

}  // namespace sigid::app
