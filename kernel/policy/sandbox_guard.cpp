#include "policy/sandbox_guard.hpp"

#include <cstdlib>
#include <cstring>

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
  used -= decisions.beginCall(generation);  // the previous call's decisions are gone
  cap = used + limits.memory_limit_bytes;
  started = std::chrono::steady_clock::now();
  deadline = started + limits.deadline;
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

namespace {

// Size class of a block of `size` bytes, or kSizeClasses when it is not small.
std::size_t sizeClass(std::size_t size) {
  if (size == 0 || size > SandboxGuard::kSizeClassBytes * SandboxGuard::kSizeClasses) return SandboxGuard::kSizeClasses;
  return (size - 1) / SandboxGuard::kSizeClassBytes;
}

void* takeBlock(SandboxGuard& guard, std::size_t size) {
  const std::size_t c = sizeClass(size);
  if (c == SandboxGuard::kSizeClasses) return std::malloc(size);
  if (void* block = guard.free_blocks[c]) {
    guard.free_blocks[c] = *static_cast<void**>(block);
    return block;
  }
  return std::malloc((c + 1) * SandboxGuard::kSizeClassBytes);  // the whole class, so any size in it fits later
}

void giveBlock(SandboxGuard& guard, void* block, std::size_t size) {
  const std::size_t c = sizeClass(size);
  if (c == SandboxGuard::kSizeClasses) {
    std::free(block);
    return;
  }
  *static_cast<void**>(block) = guard.free_blocks[c];
  guard.free_blocks[c] = block;
}

}  // namespace

SandboxGuard::~SandboxGuard() {
  for (void* block : free_blocks) {
    while (block != nullptr) {
      void* next = *static_cast<void**>(block);
      std::free(block);
      block = next;
    }
  }
}

void* guardedAlloc(void* ud, void* ptr, std::size_t osize, std::size_t nsize) {
  auto& guard = *static_cast<SandboxGuard*>(ud);
  const std::size_t old = ptr ? osize : 0;  // for new blocks osize is a type tag, not a size
  if (nsize == 0) {
    if (ptr) giveBlock(guard, ptr, old);
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
  void* block = nullptr;
  if (ptr != nullptr && sizeClass(old) == sizeClass(nsize)) {
    // Same class (or both large): small blocks already have room; large ones realloc.
    block = sizeClass(nsize) == SandboxGuard::kSizeClasses ? std::realloc(ptr, nsize) : ptr;
  } else {
    block = takeBlock(guard, nsize);
    if (block != nullptr && ptr != nullptr) {
      std::memcpy(block, ptr, old < nsize ? old : nsize);
      giveBlock(guard, ptr, old);
    }
  }
  if (block == nullptr) {
    // Lua assumes shrinking never fails: keep the old block, which is at least
    // as large as any later osize Lua will report for it.
    if (ptr == nullptr || nsize > old) return nullptr;
    block = ptr;
  }
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
