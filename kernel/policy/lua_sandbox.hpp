#pragma once

#include <array>
#include <chrono>
#include <memory>
#include <optional>
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

// One lua_State holding loaded policy chunks. Each chunk's top level runs
// once, when the state is built, under the call limits and in an environment
// of its own; everything it leaves behind — its globals, the tables they and
// its functions' upvalues reach — is then frozen (frozen_table.hpp), and a
// function assigning to a top-level local is refused before the chunk runs
// (upvalue_write_check.hpp). run() then calls the handler directly with the
// read-only input, under the limits. Nothing a call writes outlives it: global
// assignments go to a per-call table dropped after the call, frozen tables
// refuse writes, and every other object a call creates is unreachable once it
// returns. A chunk whose top level faulted or was refused answers every call
// with that fault.
//
// Not thread-safe: a sandbox is used by one thread at a time (StatePool).
// A runtime error or invalid decision leaves the state clean (nothing shared
// is writable) and it stays healthy; after a limit trips healthy() is false
// and the owner discards it, since a limit can stop the policy mid-way through
// anything, including a coroutine left with its hook disabled.
class LuaSandbox {
 public:
  // Compiles every chunk as text (bytecode is refused) and loads it. The error
  // names the chunk and line of the first one that does not compile.
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
  // How long the last run() spent in Lua (zero when it ran none): read once,
  // at its end, against the clock reading the deadline was set from.
  std::chrono::nanoseconds lastRunTook() const { return last_run_took_; }
  std::size_t chunkCount() const { return chunks_.size(); }
  std::size_t memoryInUse() const { return guard_->used; }

 private:
  // Handler slots: a registry reference, or one of these.
  static constexpr int kNoHandler = -1;
  static constexpr int kNotAFunction = -2;
  struct LoadedChunk {
    int environment = kNoHandler;  // registry reference to the frozen environment
    std::array<int, kAttachPoints.size()> handlers{};
    std::optional<PolicyOutcome> fault;  // the top level faulted or was refused
  };

  LuaSandbox(std::unique_ptr<SandboxGuard> guard, lua_State* L);
  std::string faultReason(Fault fault, const std::string& message) const;
  LoadedChunk load(const std::string& name);

  std::unique_ptr<SandboxGuard> guard_;  // outlives L_: the allocator writes to it until lua_close returns
  lua_State* L_;
  std::vector<LoadedChunk> chunks_;
  std::size_t baseline_bytes_ = 0;  // what the loaded, frozen chunks hold: garbage is measured above it
  bool healthy_ = true;
  std::chrono::nanoseconds last_run_took_{0};
  int input_root_ = LUA_NOREF;  // the userdata every call's `input` is (input_proxy.hpp)
};

// Compiles `source` as a text chunk without running it: the upload-time check.
// On failure the error is InvalidRequest "source: line N: <message>"; besides
// syntax errors that includes a function assigning to a top-level local.
core::Result<void> checkPolicySyntax(std::string_view name, std::string_view source);

}  // namespace sigid::policy
