// Policy decisions in process (docs/benchmarks.md "Policy decisions"): the
// shipped default policy and a generated 50-rule policy through the whole
// engine (state pool checkout, direct handler call on the frozen, loaded
// chunk, lazy input, decision hand-over, composition), sandbox limits on; the
// one-off cost of building a state (compile, top-level run, freeze), paid on
// first use and after a limit discards one; plus a bare Lua call with a fresh
// input table for scale. Each decision benchmark also reports p50/p99 of single
// decisions (counters p50_ns, p99_ns).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <lua.hpp>
#include <sstream>

#include "policy/policy_engine.hpp"

namespace sigid::policy {
namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

PolicyValue tokenInput() {
  PolicyValue input = PolicyValue::object();
  PolicyValue subject = PolicyValue::object();
  subject.set("type", "user");
  subject.set("id", "6f1c0d2e-8a43-4b8e-9d57-0c2f6b1e9a11");
  subject.set("roles", PolicyValue::strings({"support", "viewer"}));
  subject.set("amr", PolicyValue::strings({"pwd", "otp"}));
  subject.set("acr", "urn:sigid:acr:mfa");
  subject.set("auth_age_seconds", 95);
  input.set("subject", std::move(subject));
  PolicyValue client = PolicyValue::object();
  client.set("id", "billing-portal");
  client.set("type", "confidential");
  input.set("client", std::move(client));
  input.set("action", "read:invoice");
  input.set("requested_scopes", PolicyValue::strings({"openid", "profile", "email", "admin:write"}));
  PolicyValue context = PolicyValue::object();
  context.set("ip", "192.0.2.10");
  context.set("time", static_cast<std::int64_t>(1767348000));
  input.set("context", std::move(context));
  return input;
}

// 50 independent rules in the style tenants write: role, action-prefix, network
// and time checks; the last one allows.
std::string fiftyRulePolicy() {
  std::string source = "local RULES = {}\n";
  for (int i = 0; i < 49; ++i) {
    switch (i % 4) {
      case 0: source += "RULES[#RULES + 1] = function(input) if contains(input.subject.roles, 'role" +
                        std::to_string(i) + "') then return deny('rule " + std::to_string(i) + "') end end\n"; break;
      case 1: source += "RULES[#RULES + 1] = function(input) if input.action:sub(1, 7) == 'delete" +
                        std::to_string(i % 10) + "' then return deny('rule " + std::to_string(i) + "') end end\n"; break;
      case 2: source += "RULES[#RULES + 1] = function(input) if input.context.ip == '10.0.0." + std::to_string(i) +
                        "' then return deny('rule " + std::to_string(i) + "') end end\n"; break;
      default: source += "RULES[#RULES + 1] = function(input) if input.subject.auth_age_seconds > " +
                         std::to_string(86400 + i) + " then return step_up('urn:sigid:acr:mfa') end end\n"; break;
    }
  }
  source += "RULES[#RULES + 1] = function(input) return allow('rule 49') end\n"
            "function check(input)\n"
            "  for i = 1, #RULES do\n"
            "    local decision = RULES[i](input)\n"
            "    if decision then return decision end\n"
            "  end\n"
            "end\n";
  return source;
}

void runDecisions(benchmark::State& state, PolicyEngine& engine, const TenantPolicySet& set, AttachPoint point,
                  const PolicyValue& input, Verdict expected) {
  std::vector<std::int64_t> samples;
  samples.reserve(1 << 20);
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    Decision decision = engine.evaluate(set, point, input);
    const auto took = std::chrono::steady_clock::now() - start;
    if (samples.size() < samples.capacity()) samples.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(took).count());
    if (decision.verdict != expected) state.SkipWithError("unexpected decision");
    benchmark::DoNotOptimize(decision);
  }
  std::sort(samples.begin(), samples.end());
  if (!samples.empty()) {
    state.counters["p50_ns"] = static_cast<double>(samples[samples.size() / 2]);
    state.counters["p99_ns"] = static_cast<double>(samples[samples.size() * 99 / 100]);
  }
  state.SetItemsProcessed(state.iterations());
}

TenantPolicySet single(const std::string& name, std::string source) {
  TenantPolicySet set;
  set.tenant_id = "bench-tenant";
  set.active.push_back(PolicyUnit{"id-" + name, name, 1, std::move(source)});
  set.fingerprint = fingerprintOf(set);
  return set;
}

void BM_DefaultPolicyToken(benchmark::State& state) {
  PolicyEngine engine(SandboxLimits{}, std::nullopt);
  auto set = single("default", readFile(std::string(SIGID_SOURCE_DIR) + "/policies/default.lua"));
  runDecisions(state, engine, set, AttachPoint::Token, tokenInput(), Verdict::Allow);
}
BENCHMARK(BM_DefaultPolicyToken);

void BM_DefaultPolicyCheck(benchmark::State& state) {
  PolicyEngine engine(SandboxLimits{}, std::nullopt);
  auto set = single("default", readFile(std::string(SIGID_SOURCE_DIR) + "/policies/default.lua"));
  runDecisions(state, engine, set, AttachPoint::Check, tokenInput(), Verdict::Allow);
}
BENCHMARK(BM_DefaultPolicyCheck);

void BM_FiftyRulePolicy(benchmark::State& state) {
  PolicyEngine engine(SandboxLimits{}, std::nullopt);
  auto set = single("fifty", fiftyRulePolicy());
  runDecisions(state, engine, set, AttachPoint::Check, tokenInput(), Verdict::Allow);
}
BENCHMARK(BM_FiftyRulePolicy);

// Building the input (what the token endpoint does per request) plus the decision.
void BM_DefaultPolicyTokenWithInputBuild(benchmark::State& state) {
  PolicyEngine engine(SandboxLimits{}, std::nullopt);
  auto set = single("default", readFile(std::string(SIGID_SOURCE_DIR) + "/policies/default.lua"));
  for (auto _ : state) {
    PolicyValue input = tokenInput();
    benchmark::DoNotOptimize(engine.evaluate(set, AttachPoint::Token, input));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DefaultPolicyTokenWithInputBuild);

// Building a state: what the first decision of a policy set on a thread pays,
// and what a decision pays after a limit made the engine discard its state.
void BM_DefaultPolicyStateBuild(benchmark::State& state) {
  const std::string source = readFile(std::string(SIGID_SOURCE_DIR) + "/policies/default.lua");
  for (auto _ : state) {
    auto sandbox = LuaSandbox::create(SandboxLimits{}, {{"default", source}});
    if (!sandbox) state.SkipWithError("create failed");
    benchmark::DoNotOptimize(sandbox);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DefaultPolicyStateBuild);

void BM_FiftyRulePolicyStateBuild(benchmark::State& state) {
  const std::string source = fiftyRulePolicy();
  for (auto _ : state) {
    auto sandbox = LuaSandbox::create(SandboxLimits{}, {{"fifty", source}});
    if (!sandbox) state.SkipWithError("create failed");
    benchmark::DoNotOptimize(sandbox);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FiftyRulePolicyStateBuild);

// For scale: a plain lua_State, no sandbox, a fresh 4-field input table, one call.
void BM_BareLuaCallFreshTable(benchmark::State& state) {
  lua_State* L = luaL_newstate();
  luaL_openlibs(L);
  luaL_dostring(L, "function check(input) if input.action == 'read:invoice' then return true end return false end");
  lua_getglobal(L, "check");
  const int fn = luaL_ref(L, LUA_REGISTRYINDEX);
  for (auto _ : state) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, fn);
    lua_createtable(L, 0, 4);
    lua_pushstring(L, "read:invoice");
    lua_setfield(L, -2, "action");
    lua_pushstring(L, "u-1");
    lua_setfield(L, -2, "subject");
    lua_pushstring(L, "app");
    lua_setfield(L, -2, "client");
    lua_pushinteger(L, 1767348000);
    lua_setfield(L, -2, "time");
    lua_call(L, 1, 1);
    benchmark::DoNotOptimize(lua_toboolean(L, -1));
    lua_pop(L, 1);
  }
  lua_close(L);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BareLuaCallFreshTable);

}  // namespace
}  // namespace sigid::policy

BENCHMARK_MAIN();
