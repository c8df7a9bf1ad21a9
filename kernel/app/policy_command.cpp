#include "app/policy_command.hpp"

#include <iostream>

#include "policy/policy_test_runner.hpp"

namespace sigid::app {

int runPolicyCommand(const KernelConfig& config, const std::vector<std::string>& args) {
  if (args.size() != 2 || args[0] != "test") {
    std::cerr << "usage: sigid policy test DIR\n";
    return 64;
  }
  policy::SandboxLimits limits{config.policy.instruction_budget, config.policy.memory_limit_bytes,
                               config.policy.deadline};
  auto report = policy::runPolicyTests(args[1], limits, std::cout);
  if (report.errors > 0) return 2;
  return report.ok() ? 0 : 1;
}

}  // namespace sigid::app
