#pragma once

#include <filesystem>
#include <ostream>

#include "policy/sandbox_limits.hpp"

namespace sigid::policy {

struct PolicyTestReport {
  int passed = 0;
  int failed = 0;
  int errors = 0;  // fixtures or policies that could not be loaded
  bool ok() const { return failed == 0 && errors == 0 && passed > 0; }
};

// `sigid policy test DIR`, like `opa test`: every `*_test.lua` in DIR returns
//   { policy = "name.lua",            -- optional: defaults to the file name minus "_test"
//     cases = { { name = "...", attach = "token",   -- attach defaults to "check"
//                 input = { ... },
//                 expect = { decision = "allow" | "deny" | "step_up" | "abstain",
//                            acr = "...", reason = "substring", scopes = {...},
//                            claims = {...}, approval_required = true } }, ... } }
// Each case evaluates the one policy alone (no baseline, no tenant default)
// under `limits`; mismatches are printed field by field with the input.
PolicyTestReport runPolicyTests(const std::filesystem::path& dir, const SandboxLimits& limits, std::ostream& out);

}  // namespace sigid::policy
