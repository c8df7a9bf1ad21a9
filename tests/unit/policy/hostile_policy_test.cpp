// Hostile policies (tests/unit/policy/hostile/*.lua): each tries to escape or
// exhaust the sandbox. Each file states what must happen in its header:
//   -- expect-fault: instruction_budget | memory_limit | deadline | error | none
//   -- expect-reason: <text the deny reason must contain>   (optional)
// Every script is evaluated three times behind a probe policy that runs first
// in the same state and denies if it sees anything left over (globals, library
// or metatable changes); each run must end in the expected deny, in bounded
// time; and another tenant's decision afterwards must be clean.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "policy/policy_engine.hpp"
#include "unit/policy/policy_test_support.hpp"

namespace sigid::policy {
namespace {

namespace fs = std::filesystem;
using testing::sampleInput;
using testing::setOf;
using testing::testLimits;
using testing::unit;

const char* kProbe = R"(
function check(input)
  local polluted = {}
  for _, name in ipairs({"leaked", "leaked_too", "leaked_via_G", "leaked_via_ENV", "stash", "string_stash",
                           "scratch", "leftover", "counter_g", "helper_defined_late", "ROLE_SCOPES"}) do
    if rawget(_G, name) ~= nil or _G[name] ~= nil then polluted[#polluted + 1] = name end
  end
  if ("x"):upper() ~= "X" or string.upper("x") ~= "X" then polluted[#polluted + 1] = "string.upper" end
  if getmetatable("") ~= "locked" then polluted[#polluted + 1] = "string metatable" end
  if allow().decision ~= "allow" then polluted[#polluted + 1] = "allow" end
  if #polluted > 0 then return deny("polluted: " .. table.concat(polluted, ",")) end
  return allow("clean")
end
)";

fs::path hostileDir() { return fs::path(SIGID_TEST_SOURCE_DIR) / "tests/unit/policy/hostile"; }

std::vector<std::string> hostileScripts() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(hostileDir()))
    if (entry.path().extension() == ".lua") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string headerValue(const std::string& source, const std::string& key) {
  const std::string marker = "-- " + key + ": ";
  auto at = source.find(marker);
  if (at == std::string::npos) return "";
  auto end = source.find('\n', at);
  return source.substr(at + marker.size(), end - at - marker.size());
}

class HostilePolicy : public ::testing::TestWithParam<std::string> {};

TEST_P(HostilePolicy, EndsInTheNamedDenyAndLeavesNothingBehind) {
  const std::string source = readFile(hostileDir() / (GetParam() + ".lua"));
  const std::string expected_fault = headerValue(source, "expect-fault");
  const std::string expected_reason = headerValue(source, "expect-reason");
  ASSERT_FALSE(expected_fault.empty()) << "missing '-- expect-fault:' header";

  PolicyEngine engine(testLimits(), std::nullopt);
  auto set = setOf("hostile-tenant", {unit("probe", kProbe), unit(GetParam(), source)});
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const auto start = std::chrono::steady_clock::now();
    Decision decision = engine.evaluate(set, AttachPoint::Check, sampleInput());
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_LT(took, std::chrono::seconds(5));  // bounded: limits end it, whatever it does

    ASSERT_EQ(decision.evaluations.size(), 2u);
    const PolicyOutcome& probe = decision.evaluations[0].outcome;
    EXPECT_EQ(probe.verdict, Verdict::Allow) << (probe.reasons.empty() ? "" : probe.reasons[0]);

    const PolicyOutcome& hostile = decision.evaluations[1].outcome;
    EXPECT_EQ(decision.verdict, Verdict::Deny);
    EXPECT_EQ(decision.decided_by, GetParam());
    EXPECT_EQ(toString(hostile.fault), expected_fault) << (hostile.reasons.empty() ? "" : hostile.reasons[0]);
    ASSERT_FALSE(decision.reasons.empty());
    if (expected_fault == "instruction_budget") {
      EXPECT_NE(decision.reasons[0].find("instruction budget exceeded"), std::string::npos) << decision.reasons[0];
    }
    if (expected_fault == "memory_limit") {
      EXPECT_NE(decision.reasons[0].find("memory limit exceeded"), std::string::npos) << decision.reasons[0];
    }
    if (!expected_reason.empty()) {
      EXPECT_NE(decision.reasons[0].find(expected_reason), std::string::npos) << decision.reasons[0];
    }
    EXPECT_LE(decision.reasons[0].size(), 400u);  // messages are bounded whatever the policy raised
  }

  // Another tenant, same engine, afterwards: clean.
  auto other = engine.evaluate(setOf("other-tenant", {unit("probe", kProbe)}), AttachPoint::Check, sampleInput());
  EXPECT_EQ(other.verdict, Verdict::Allow) << (other.reasons.empty() ? "" : other.reasons[0]);
}

INSTANTIATE_TEST_SUITE_P(Scripts, HostilePolicy, ::testing::ValuesIn(hostileScripts()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST(HostilePolicies, AtLeastTwentyFiveScriptsShip) { EXPECT_GE(hostileScripts().size(), 25u); }

TEST(HostilePolicies, DeadlineStopsSlowButCheapWork) {
  // A huge budget leaves only the wall clock to stop the loop.
  SandboxLimits limits = testLimits();
  limits.instruction_budget = ~0ull;
  limits.deadline = std::chrono::milliseconds(30);
  PolicyEngine engine(limits, std::nullopt);
  auto decision = engine.evaluate(setOf("t", {unit("slow", "function check() while true do end end")}),
                                  AttachPoint::Check, sampleInput());
  EXPECT_EQ(decision.verdict, Verdict::Deny);
  EXPECT_EQ(decision.evaluations[0].outcome.fault, Fault::Deadline);
  EXPECT_NE(decision.reasons[0].find("deadline exceeded (30 ms)"), std::string::npos);
}

}  // namespace
}  // namespace sigid::policy
