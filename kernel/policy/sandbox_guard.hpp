#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>

#include <lua.hpp>

#include "policy/decision.hpp"
#include "policy/decision_values.hpp"
#include "policy/frozen_mirror.hpp"
#include "policy/sandbox_limits.hpp"

namespace sigid::policy {

// The per-state bookkeeping that enforces SandboxLimits. One lives beside each
// lua_State; a pointer to it sits in the state's extra space, which Lua copies
// into every coroutine the policy creates, so coroutines are metered too.
//
// Limits apply only while a call is active: set-up, compiling and reading the
// result run unmetered, and are never policy code.
struct SandboxGuard {
  SandboxGuard() = default;
  ~SandboxGuard();  // frees the recycled blocks; the state must be closed first
  SandboxGuard(const SandboxGuard&) = delete;
  SandboxGuard& operator=(const SandboxGuard&) = delete;

  SandboxLimits limits;

  // Memory: every byte Lua holds for this state. During a call the cap is the
  // usage at the start of the call plus limits.memory_limit_bytes, so garbage a
  // previous call left behind is not charged to this one.
  std::size_t used = 0;
  std::size_t cap = static_cast<std::size_t>(-1);
  bool refusal_pending = false;  // Lua retries a refused allocation once after a full GC

  // Instructions and wall clock.
  std::uint64_t steps = 0;
  std::chrono::steady_clock::time_point started{};  // when the call began
  std::chrono::steady_clock::time_point deadline{};

  bool active = false;
  Fault tripped = Fault::None;  // sticky until the next call: pcall cannot swallow a limit
  std::uint64_t generation = 0;  // input proxies from an earlier call are refused
  bool globals_written = false;
  // The decisions allow/deny/step_up made (this call's, and the top level's).
  MadeDecisions decisions;
  // C++ views of the frozen top-level lists and maps, for the helpers.
  FrozenMirror frozen;  // the call assigned a global: its per-call globals must be discarded

  // Small blocks (tables, strings, closures: most of what a call allocates)
  // are recycled through per-size free lists instead of going back to malloc:
  // a decision allocates and frees a few dozen of them, and malloc/free were
  // a sixth of its cost. Accounting (`used`) still counts requested bytes.
  static constexpr std::size_t kSizeClassBytes = 16;
  static constexpr std::size_t kSizeClasses = 16;  // blocks up to 256 bytes
  std::array<void*, kSizeClasses> free_blocks{};

  void beginCall();
  void endCall();
  // Charges `work` steps (string functions use it for the bytes they scan).
  // Returns false once any limit has tripped.
  bool charge(std::uint64_t work);
  const char* trippedMessage() const;
};

// The guard of the state (or coroutine) `L`.
SandboxGuard& guardOf(lua_State* L);

// lua_Alloc honouring guard.cap; `ud` is the SandboxGuard.
void* guardedAlloc(void* ud, void* ptr, std::size_t osize, std::size_t nsize);

// Installs the count hook and stores the guard pointer in the extra space.
void installGuard(lua_State* L, SandboxGuard& guard);

// Raises the tripped limit as a Lua error when one has tripped. Called after
// every place a policy could catch an error (pcall, xpcall, coroutine.resume,
// coroutine.close), so catching the error only delays the end of the call.
void rethrowIfTripped(lua_State* L);

}  // namespace sigid::policy
