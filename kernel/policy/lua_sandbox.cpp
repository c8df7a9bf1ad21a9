#include "policy/lua_sandbox.hpp"

#include <lua.hpp>

#include "policy/input_proxy.hpp"
#include "policy/lua_value_reader.hpp"
#include "policy/sandbox_library.hpp"

namespace sigid::policy {
namespace {

constexpr std::size_t kMaxMessageBytes = 300;  // error messages end up in explain output and logs
constexpr int kMaxFixtureDepth = 16;

// What the protected runner needs; passed as a light userdata.
struct RunRequest {
  int chunk_ref;
  const char* handler;
  const PolicyValue* input;
  std::uint64_t generation;
};

// Runs inside lua_pcall: fresh environment, chunk, handler. Returns
// (handler_found, result). Only trivially destructible locals: errors longjmp.
int protectedRun(lua_State* L) {
  const auto* request = static_cast<const RunRequest*>(lua_touserdata(L, 1));
  lua_rawgeti(L, LUA_REGISTRYINDEX, request->chunk_ref);  // 2: the compiled chunk
  pushFreshEnvironment(L);                                // 3
  lua_pushvalue(L, 3);
  if (lua_setupvalue(L, 2, 1) == nullptr) lua_pop(L, 1);  // a main chunk's first upvalue is _ENV
  lua_pushvalue(L, 2);
  lua_call(L, 0, 0);
  lua_pushstring(L, request->handler);
  lua_rawget(L, 3);
  if (lua_isnil(L, -1)) {
    lua_pushboolean(L, 0);
    lua_pushnil(L);
    return 2;
  }
  if (lua_type(L, -1) != LUA_TFUNCTION) return luaL_error(L, "'%s' is not a function", request->handler);
  pushInputValue(L, *request->input, request->generation);
  lua_call(L, 1, 1);
  lua_pushboolean(L, 1);
  lua_insert(L, -2);
  return 2;
}

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

core::Result<int> compileChunk(lua_State* L, std::string_view name, std::string_view source) {
  std::string chunkname = "=" + std::string(name);
  int status = luaL_loadbufferx(L, source.data(), source.size(), chunkname.c_str(), "t");
  if (status != LUA_OK) {
    std::string message = errorText(L, -1);
    lua_pop(L, 1);
    return core::Error::invalidRequest(message);
  }
  return luaL_ref(L, LUA_REGISTRYINDEX);
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
  for (const auto& chunk : chunks) {
    auto ref = compileChunk(L, chunk.name, chunk.source);
    if (!ref)
      return core::Error::invalidRequest(chunk.name + ": " + describeCompileError(chunk.name, ref.error().description()));
    sandbox->chunk_refs_.push_back(*ref);
  }
  lua_gc(L, LUA_GCCOLLECT);  // start every call from a compact baseline
  return sandbox;
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
  if (!healthy_ || chunk >= chunk_refs_.size())
    return PolicyOutcome::faulted(Fault::Error, "runtime error: sandbox unusable");
  const std::string_view handler = toString(point);
  RunRequest request{chunk_refs_[chunk], handler.data(), &input, 0};

  lua_settop(L_, 0);
  guard_->beginCall();
  request.generation = guard_->generation;
  lua_pushcfunction(L_, protectedRun);
  lua_pushlightuserdata(L_, &request);
  const int status = lua_pcall(L_, 1, 2, 0);
  guard_->endCall();

  PolicyOutcome outcome;
  if (guard_->tripped != Fault::None || status == LUA_ERRMEM) {
    healthy_ = false;
    Fault fault = guard_->tripped != Fault::None ? guard_->tripped : Fault::MemoryLimit;
    outcome = PolicyOutcome::faulted(fault, faultReason(fault, ""));
  } else if (status != LUA_OK) {
    healthy_ = false;
    outcome = PolicyOutcome::faulted(Fault::Error, faultReason(Fault::Error, errorText(L_, -1)));
  } else {
    std::string error;
    outcome.handler_found = lua_toboolean(L_, 1);
    if (!readOutcome(L_, 2, outcome, error)) outcome = PolicyOutcome::faulted(Fault::InvalidDecision, faultReason(Fault::InvalidDecision, error));
  }
  lua_settop(L_, 0);
  // Garbage from this call is not charged to the next one, but it must not pile up either.
  if (guard_->used > 2 * guard_->limits.memory_limit_bytes) lua_gc(L_, LUA_GCCOLLECT);
  return outcome;
}

core::Result<PolicyValue> LuaSandbox::evaluateData(std::string_view name, std::string_view source) {
  lua_settop(L_, 0);
  SIGID_TRY(int ref, compileChunk(L_, name, source));
  lua_pushcfunction(L_, protectedData);
  lua_rawgeti(L_, LUA_REGISTRYINDEX, ref);
  luaL_unref(L_, LUA_REGISTRYINDEX, ref);
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
  const std::string chunkname = "=" + std::string(name);
  const int status = luaL_loadbufferx(L, source.data(), source.size(), chunkname.c_str(), "t");
  std::string message = status == LUA_OK ? "" : errorText(L, -1);
  lua_close(L);
  if (status != LUA_OK) return core::Error::invalidRequest("source: " + describeCompileError(name, message));
  return core::success();
}

}  // namespace sigid::policy
