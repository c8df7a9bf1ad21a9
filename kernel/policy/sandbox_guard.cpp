#include "policy/sandbox_guard.hpp"

#include <cstdlib>

namespace sigid::policy {
namespace {

// Instructions between hook calls: the budget's resolution, and how often the
// clock is read (a clock read per 1000 instructions costs ~2%).
constexpr int kHookInterval = 1000;

void countHook(lua_State* L, lua_Debug*) {
  SandboxGuard& guard = guardOf(L);
  if (!guard.active) return;
  if (!guard.charge(kHookInterval)) luaL_error(L, "%s", guard.trippedMessage());
}

}  // namespace

void SandboxGuard::beginCall() {
  steps = 0;
  tripped = Fault::None;
  refusal_pending = false;
  ++generation;
  cap = used + limits.memory_limit_bytes;
  deadline = std::chrono::steady_clock::now() + limits.deadline;
  active = true;
}

void SandboxGuard::endCall() {
  active = false;
  cap = static_cast<std::size_t>(-1);
}

bool SandboxGuard::charge(std::uint64_t work) {
  if (tripped != Fault::None) return false;
  steps += work;
  if (steps > limits.instruction_budget) {
    tripped = Fault::InstructionBudget;
    return false;
  }
  if (std::chrono::steady_clock::now() > deadline) {
    tripped = Fault::Deadline;
    return false;
  }
  return true;
}

const char* SandboxGuard::trippedMessage() const {
  switch (tripped) {
    case Fault::InstructionBudget: return "instruction budget exceeded";
    case Fault::MemoryLimit: return "memory limit exceeded";
    case Fault::Deadline: return "deadline exceeded";
    default: return "policy stopped";
  }
}

SandboxGuard& guardOf(lua_State* L) { return **static_cast<SandboxGuard**>(lua_getextraspace(L)); }

void* guardedAlloc(void* ud, void* ptr, std::size_t osize, std::size_t nsize) {
  auto& guard = *static_cast<SandboxGuard*>(ud);
  const std::size_t old = ptr ? osize : 0;  // for new blocks osize is a type tag, not a size
  if (nsize == 0) {
    std::free(ptr);
    guard.used -= old;
    return nullptr;
  }
  if (nsize > old && guard.active && guard.used - old + nsize > guard.cap) {
    // Lua runs a full collection and asks again once; only a second refusal in
    // a row is a real failure (the first may just have been garbage).
    if (guard.refusal_pending && guard.tripped == Fault::None) guard.tripped = Fault::MemoryLimit;
    guard.refusal_pending = true;
    return nullptr;
  }
  void* block = std::realloc(ptr, nsize);
  if (block == nullptr) return nullptr;  // Lua assumes shrinking never fails; realloc does not when shrinking
  if (nsize > old) guard.refusal_pending = false;
  guard.used = guard.used - old + nsize;
  return block;
}

void installGuard(lua_State* L, SandboxGuard& guard) {
  *static_cast<SandboxGuard**>(lua_getextraspace(L)) = &guard;
  lua_sethook(L, countHook, LUA_MASKCOUNT, kHookInterval);
}

void rethrowIfTripped(lua_State* L) {
  SandboxGuard& guard = guardOf(L);
  if (guard.tripped != Fault::None) luaL_error(L, "%s", guard.trippedMessage());
}

}  // namespace sigid::policy
