#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace sigid::policy {

// Per-call limits for one policy evaluation (config: policy.*). A policy that
// crosses one is stopped and denies with a reason naming the limit.
struct SandboxLimits {
  std::uint64_t instruction_budget = 1'000'000;   // Lua VM instructions (count hook), string work charged too
  std::size_t memory_limit_bytes = 4 * 1024 * 1024;  // bytes a call may allocate above the state's baseline
  std::chrono::milliseconds deadline{50};         // wall clock, checked in the hook and the pattern matcher
};

}  // namespace sigid::policy
