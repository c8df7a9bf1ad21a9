#include "policy/lua_sandbox.hpp"

#include <lua.hpp>

#include "policy/frozen_table.hpp"
#include "policy/input_proxy.hpp"
#include "policy/lua_value_reader.hpp"
#include "policy/sandbox_library.hpp"
#include "policy/upvalue_write_check.hpp"

namespace sigid::policy {
namespace {

constexpr std::size_t kMaxMessageBytes = 300;  // error messages end up in explain output and logs
constexpr int kMaxFixtureDepth = 16;

int protectedData(lua_State* L) {
  lua_pushvalue(L, 1);
  pushFreshEnvironment(L);
  if (lua_setupvalue(L, -2, 1) == nullptr) lua_pop(L, 1);
  lua_call(L, 0, 1);
  return 1;
}

std::string errorText(lua_State* L, int index) {
  // Only a string is read: converting anything else could run its __tostring
  // after the limits are off.
  if (lua_type(L, index) != LUA_TSTRING) return std::string("error object is a ") + luaL_typename(L, index);
  std::size_t len = 0;
  const char* text = lua_tolstring(L, index, &len);
  return std::string(text, len < kMaxMessageBytes ? len : kMaxMessageBytes);
}

// "=name": Lua then uses the name as is in messages ("name:12: ..."). Built by
// appending (GCC 12 warns, wrongly, on "=" + std::string(...) under -O2).
std::string chunkNameOf(std::string_view name) {
  std::string chunkname;
  chunkname.reserve(name.size() + 1);
  chunkname += '=';
  chunkname += name;
  return chunkname;
}

// Leaves the compiled function on the stack.
core::Result<void> compileChunk(lua_State* L, std::string_view name, std::string_view source) {
  const std::string chunkname = chunkNameOf(name);
  int status = luaL_loadbufferx(L, source.data(), source.size(), chunkname.c_str(), "t");
  if (status != LUA_OK) {
    std::string message = errorText(L, -1);
    lua_pop(L, 1);
    return core::Error::invalidRequest(message);
  }
  return core::success();
}

std::size_t slotOf(AttachPoint point) {
  for (std::size_t i = 0; i < kAttachPoints.size(); ++i)
    if (kAttachPoints[i] == point) return i;
  return 0;
}

// "name:12: message" → "line 12: message"; bytecode gets a sentence of its own.
std::string describeCompileError(std::string_view name, const std::string& message) {
  if (message.find("binary chunk") != std::string::npos)
    return "binary (precompiled) chunks are not accepted; upload Lua source text";
  std::string prefix = std::string(name) + ":";
  if (message.rfind(prefix, 0) == 0) return "line " + message.substr(prefix.size());
  return message;
}

}  // namespace

LuaSandbox::LuaSandbox(std::unique_ptr<SandboxGuard> guard, lua_State* L) : guard_(std::move(guard)), L_(L) {}

LuaSandbox::~LuaSandbox() {
  if (L_ != nullptr) lua_close(L_);
}

core::Result<std::unique_ptr<LuaSandbox>> LuaSandbox::create(const SandboxLimits& limits,
                                                             const std::vector<ChunkSource>& chunks) {
  auto guard = std::make_unique<SandboxGuard>();
  guard->limits = limits;
  lua_State* L = lua_newstate(guardedAlloc, guard.get());
  if (L == nullptr) return core::Error::internal("lua_newstate failed");
  std::unique_ptr<LuaSandbox> sandbox(new LuaSandbox(std::move(guard), L));
  installGuard(L, *sandbox->guard_);
  buildSandboxLibrary(L);
  sandbox->input_root_ = createInputRoot(L);
  sandbox->chunks_.reserve(chunks.size());
  for (const auto& chunk : chunks) {
    auto compiled = compileChunk(L, chunk.name, chunk.source);
    if (!compiled)
      return core::Error::invalidRequest(chunk.name + ": " +
                                         describeCompileError(chunk.name, compiled.error().description()));
    sandbox->chunks_.push_back(sandbox->load(chunk.name));
  }
  lua_gc(L, LUA_GCCOLLECT);  // start every call from a compact baseline
  // A call's garbage dies young and the loaded chunks live as long as the
  // state: generational collection fits that, and halved the p99s.
  lua_gc(L, LUA_GCGEN, 0, 0);
  sandbox->baseline_bytes_ = sandbox->guard_->used;
  return sandbox;
}

// The compiled main chunk is on top of the stack; consumes it.
LuaSandbox::LoadedChunk LuaSandbox::load(const std::string& name) {
  LoadedChunk loaded;
  loaded.handlers.fill(kNoHandler);
  const int function = lua_gettop(L_);
  if (auto refused = findTopLevelUpvalueWrite(L_)) {
    lua_settop(L_, function - 1);
    loaded.fault = PolicyOutcome::faulted(Fault::Error, "policy refused: " + name + ": " + *refused);
    return loaded;
  }
  pushFreshEnvironment(L_);
  const int env = lua_gettop(L_);
  lua_pushvalue(L_, env);
  if (lua_setupvalue(L_, function, 1) == nullptr) lua_pop(L_, 1);  // a main chunk's first upvalue is _ENV

  // The top level is policy code: the same limits as a call.
  lua_pushvalue(L_, function);
  guard_->beginCall();
  guard_->decisions.setLoading(true);  // decisions made here live as long as the state
  const int status = lua_pcall(L_, 0, 0, 0);
  guard_->decisions.setLoading(false);
  guard_->endCall();
  if (guard_->tripped != Fault::None || status != LUA_OK) {
    Fault fault = guard_->tripped;
    if (fault == Fault::None) fault = status == LUA_ERRMEM ? Fault::MemoryLimit : Fault::Error;
    loaded.fault = PolicyOutcome::faulted(fault, faultReason(fault, status == LUA_OK ? "" : errorText(L_, -1)));
    lua_settop(L_, function - 1);
    return loaded;
  }

  // Handlers are found once; freezing keeps each function's identity.
  for (std::size_t i = 0; i < kAttachPoints.size(); ++i) {
    const std::string_view handler = toString(kAttachPoints[i]);
    lua_pushlstring(L_, handler.data(), handler.size());
    const int type = lua_rawget(L_, env);
    if (type == LUA_TFUNCTION) {
      loaded.handlers[i] = luaL_ref(L_, LUA_REGISTRYINDEX);
      continue;
    }
    if (type != LUA_TNIL) loaded.handlers[i] = kNotAFunction;
    lua_pop(L_, 1);
  }
  if (auto unfreezable = freezeTopLevel(L_, env)) {
    for (int& ref : loaded.handlers)
      if (ref >= 0) luaL_unref(L_, LUA_REGISTRYINDEX, ref);
    loaded.handlers.fill(kNoHandler);
    loaded.fault = PolicyOutcome::faulted(Fault::Error, "policy refused: " + name + ": " + *unfreezable);
    lua_settop(L_, function - 1);
    return loaded;
  }
  lua_pushvalue(L_, env);
  loaded.environment = luaL_ref(L_, LUA_REGISTRYINDEX);
  lua_settop(L_, function - 1);
  return loaded;
}

std::string LuaSandbox::faultReason(Fault fault, const std::string& message) const {
  switch (fault) {
    case Fault::InstructionBudget:
      return "instruction budget exceeded (" + std::to_string(guard_->limits.instruction_budget) + " instructions)";
    case Fault::MemoryLimit:
      return "memory limit exceeded (" + std::to_string(guard_->limits.memory_limit_bytes) + " bytes)";
    case Fault::Deadline:
      return "deadline exceeded (" + std::to_string(guard_->limits.deadline.count()) + " ms)";
    case Fault::InvalidDecision: return "invalid decision: " + message;
    default: return "runtime error: " + message;
  }
}

PolicyOutcome LuaSandbox::run(std::size_t chunk, AttachPoint point, const PolicyValue& input) {
  last_run_took_ = std::chrono::nanoseconds{0};
  if (!healthy_ || chunk >= chunks_.size())
    return PolicyOutcome::faulted(Fault::Error, "runtime error: sandbox unusable");
  const LoadedChunk& loaded = chunks_[chunk];
  if (loaded.fault) return *loaded.fault;
  const int handler = loaded.handlers[slotOf(point)];
  if (handler == kNoHandler) {
    PolicyOutcome abstain;
    abstain.handler_found = false;
    return abstain;
  }
  if (handler == kNotAFunction) {
    std::string message = "'";
    message += toString(point);
    message += "' is not a function";
    return PolicyOutcome::faulted(Fault::Error, faultReason(Fault::Error, message));
  }

  // The handler and its input go on the stack before the protected call
  // rather than through a C trampoline inside it: two pushes, on a stack Lua
  // keeps room for (LUA_MINSTACK), made before the memory cap is on (an input
  // that is a bare string allocates), then stamped valid for this call.
  lua_settop(L_, 0);
  lua_rawgeti(L_, LUA_REGISTRYINDEX, handler);
  pushInputRoot(L_, input_root_, input);
  guard_->beginCall();
  stampInputValue(L_, -1, guard_->generation);
  const int status = lua_pcall(L_, 1, 1, 0);
  guard_->endCall();
  last_run_took_ = std::chrono::steady_clock::now() - guard_->started;
  if (guard_->globals_written) {  // the call's globals go with it (nothing it wrote was shared)
    lua_rawgeti(L_, LUA_REGISTRYINDEX, loaded.environment);
    discardCallGlobals(L_, lua_gettop(L_));
    lua_pop(L_, 1);
    guard_->globals_written = false;
  }

  PolicyOutcome outcome;
  if (guard_->tripped != Fault::None || status == LUA_ERRMEM) {
    healthy_ = false;
    Fault fault = guard_->tripped != Fault::None ? guard_->tripped : Fault::MemoryLimit;
    outcome = PolicyOutcome::faulted(fault, faultReason(fault, ""));
  } else if (status != LUA_OK) {
    outcome = PolicyOutcome::faulted(Fault::Error, faultReason(Fault::Error, errorText(L_, -1)));
  } else {
    std::string error;
    if (!readOutcome(L_, 1, outcome, error))
      outcome = PolicyOutcome::faulted(Fault::InvalidDecision, faultReason(Fault::InvalidDecision, error));
  }
  lua_settop(L_, 0);
  // Garbage from this call is not charged to the next one, but it must not pile up either.
  if (guard_->used > baseline_bytes_ + 2 * guard_->limits.memory_limit_bytes) lua_gc(L_, LUA_GCCOLLECT);
  return outcome;
}

core::Result<PolicyValue> LuaSandbox::evaluateData(std::string_view name, std::string_view source) {
  lua_settop(L_, 0);
  SIGID_CHECK(compileChunk(L_, name, source));
  lua_pushcfunction(L_, protectedData);
  lua_insert(L_, -2);
  guard_->beginCall();
  const int status = lua_pcall(L_, 1, 1, 0);
  guard_->endCall();
  if (guard_->tripped != Fault::None || status != LUA_OK) {
    healthy_ = false;
    Fault fault = guard_->tripped != Fault::None ? guard_->tripped : Fault::Error;
    std::string reason = faultReason(fault, status == LUA_OK ? "" : errorText(L_, -1));
    lua_settop(L_, 0);
    return core::Error::invalidRequest(reason);
  }
  PolicyValue value;
  std::string error;
  const bool ok = readLuaValue(L_, -1, kMaxFixtureDepth, true, value, error);
  lua_settop(L_, 0);
  if (!ok) return core::Error::invalidRequest(error);
  return value;
}

core::Result<void> checkPolicySyntax(std::string_view name, std::string_view source) {
  SandboxGuard guard;
  guard.limits.memory_limit_bytes = 64 * 1024 * 1024;  // compiling is bounded by the body size anyway
  lua_State* L = lua_newstate(guardedAlloc, &guard);
  if (L == nullptr) return core::Error::internal("lua_newstate failed");
  const std::string chunkname = chunkNameOf(name);
  const int status = luaL_loadbufferx(L, source.data(), source.size(), chunkname.c_str(), "t");
  std::string message = status == LUA_OK ? "" : describeCompileError(name, errorText(L, -1));
  if (status == LUA_OK) {
    if (auto refused = findTopLevelUpvalueWrite(L)) message = *refused;
  }
  lua_close(L);
  if (!message.empty()) return core::Error::invalidRequest("source: " + message);
  return core::success();
}

}  // namespace sigid::policy
