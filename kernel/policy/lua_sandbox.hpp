#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "policy/attach_point.hpp"
#include "policy/decision.hpp"
#include "policy/policy_value.hpp"
#include "policy/sandbox_guard.hpp"
#include "policy/sandbox_limits.hpp"

struct lua_State;

namespace sigid::policy {

// A policy chunk to compile into a sandbox: `name` appears in error messages
// ("name:12: attempt to index a nil value").
struct ChunkSource {
  std::string name;
  std::string source;
};

// One lua_State holding compiled policy chunks. Each run() gives the chunk a
// fresh environment, runs it (so it defines its handlers anew: nothing a
// previous call wrote, global or upvalue, is visible), and calls the handler
// for the attach point with the read-only input, under the limits.
//
// Not thread-safe: a sandbox is used by one thread at a time (StatePool).
// After a fault (error or limit) healthy() is false and the owner discards it:
// a state interrupted mid-way is never trusted again.
class LuaSandbox {
 public:
  // Compiles every chunk as text (bytecode is refused). The error names the
  // chunk and line of the first one that does not compile.
  static core::Result<std::unique_ptr<LuaSandbox>> create(const SandboxLimits& limits,
                                                          const std::vector<ChunkSource>& chunks);
  ~LuaSandbox();
  LuaSandbox(const LuaSandbox&) = delete;
  LuaSandbox& operator=(const LuaSandbox&) = delete;

  // Never throws and never returns an error: every failure is a faulted deny.
  PolicyOutcome run(std::size_t chunk, AttachPoint point, const PolicyValue& input);

  // Runs a data chunk (a `*_test.lua` fixture) under the same limits and
  // returns the value it returns.
  core::Result<PolicyValue> evaluateData(std::string_view name, std::string_view source);

  bool healthy() const { return healthy_; }
  std::size_t chunkCount() const { return chunk_refs_.size(); }
  std::size_t memoryInUse() const { return guard_->used; }

 private:
  LuaSandbox(std::unique_ptr<SandboxGuard> guard, lua_State* L);
  std::string faultReason(Fault fault, const std::string& message) const;

  std::unique_ptr<SandboxGuard> guard_;  // outlives L_: the allocator writes to it until lua_close returns
  lua_State* L_;
  std::vector<int> chunk_refs_;
  bool healthy_ = true;
};

// Compiles `source` as a text chunk without running it: the upload-time check.
// On failure the error is InvalidRequest "source: line N: <message>".
core::Result<void> checkPolicySyntax(std::string_view name, std::string_view source);

}  // namespace sigid::policy
