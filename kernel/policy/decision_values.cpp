#include "policy/decision_values.hpp"

#include <new>

#include "policy/input_proxy.hpp"
#include "policy/lua_value_reader.hpp"
#include "policy/sandbox_guard.hpp"

namespace sigid::policy {
namespace {

static_assert(sizeof(void*) == 8, "decision handles pack their bits into a 64-bit pointer value");

// Handle layout: tag (8 bits) | loaded (1) | generation (27) | index (28).
// The tag keeps a handle from ever looking like a real address.
constexpr std::uintptr_t kTag = std::uintptr_t{0x5D} << 56;
constexpr std::uintptr_t kTagMask = std::uintptr_t{0xFF} << 56;
constexpr std::uintptr_t kLoadedBit = std::uintptr_t{1} << 55;
constexpr int kGenerationShift = 28;
constexpr std::uintptr_t kGenerationMask = (std::uintptr_t{1} << 27) - 1;
constexpr std::uintptr_t kIndexMask = (std::uintptr_t{1} << kGenerationShift) - 1;
constexpr std::size_t kMaxTextBytes = 1024;  // as for decision tables: reasons are for people

void* handleOf(bool loaded, std::uint64_t generation, std::size_t index) {
  std::uintptr_t bits = kTag | (loaded ? kLoadedBit : 0) |
                        ((static_cast<std::uintptr_t>(generation) & kGenerationMask) << kGenerationShift) |
                        (static_cast<std::uintptr_t>(index) & kIndexMask);
  return reinterpret_cast<void*>(bits);
}

// What a kept decision costs: charged to the call's memory cap, so making
// decisions in a loop is bounded like any other allocation.
std::size_t footprint(const MadeDecision& made) {
  const PolicyOutcome& o = made.outcome;
  std::size_t bytes = sizeof(MadeDecision) + o.acr.size() + o.rule.size() + made.problem.size();
  for (const auto& r : o.reasons) bytes += sizeof(std::string) + r.size();
  if (o.obligations.scopes)
    for (const auto& s : *o.obligations.scopes) bytes += sizeof(std::string) + s.size();
  if (!o.obligations.claims.asObject().empty()) bytes += 2 * o.obligations.claims.toJson().size();
  return bytes;
}

const char* nameOf(Verdict verdict) {
  switch (verdict) {
    case Verdict::Allow: return "allow";
    case Verdict::Deny: return "deny";
    default: return "step_up";
  }
}

// Reading a decision's fields from Lua: fresh values, so changing them
// changes nothing. Only trivially destructible locals (Lua errors longjmp).
void pushStrings(lua_State* L, const std::vector<std::string>& items) {
  lua_createtable(L, static_cast<int>(items.size()), 0);
  lua_Integer i = 0;
  for (const auto& item : items) {
    lua_pushlstring(L, item.data(), item.size());
    lua_rawseti(L, -2, ++i);
  }
}

// A fresh Lua copy of `value` (claims are at most four levels deep: lua_value_reader.cpp).
void pushValue(lua_State* L, const PolicyValue& value) {
  luaL_checkstack(L, 3, "decision claims");
  if (pushScalarValue(L, value)) return;
  if (value.isArray()) {
    lua_createtable(L, static_cast<int>(value.asArray().size()), 0);
    lua_Integer i = 0;
    for (const auto& item : value.asArray()) {
      pushValue(L, item);
      lua_rawseti(L, -2, ++i);
    }
    return;
  }
  lua_createtable(L, 0, static_cast<int>(value.asObject().size()));
  for (const auto& [key, member] : value.asObject()) {
    lua_pushlstring(L, key.data(), key.size());
    pushValue(L, member);
    lua_rawset(L, -3);
  }
}

const MadeDecision& checkedDecision(lua_State* L, int index) {
  const MadeDecision* made = guardOf(L).decisions.find(lua_touserdata(L, index));
  if (made == nullptr) luaL_error(L, "a decision is only valid during the call that made it");
  return *made;
}

int decisionIndex(lua_State* L) {
  const MadeDecision& made = checkedDecision(L, 1);
  const PolicyOutcome& o = made.outcome;
  std::size_t len = 0;
  const char* key = lua_type(L, 2) == LUA_TSTRING ? lua_tolstring(L, 2, &len) : "";
  const std::string_view field(key, len);
  if (field == "decision") lua_pushstring(L, nameOf(o.verdict));
  else if (field == "reason" && !o.reasons.empty()) lua_pushlstring(L, o.reasons[0].data(), o.reasons[0].size());
  else if (field == "reasons") pushStrings(L, o.reasons);
  else if (field == "rule" && !o.rule.empty()) lua_pushlstring(L, o.rule.data(), o.rule.size());
  else if (field == "acr" && !o.acr.empty()) lua_pushlstring(L, o.acr.data(), o.acr.size());
  else if (field == "line" && o.line > 0) lua_pushinteger(L, o.line);
  else if (field == "scopes" && o.obligations.scopes) pushStrings(L, *o.obligations.scopes);
  else if (field == "claims" && !o.obligations.claims.asObject().empty()) pushValue(L, o.obligations.claims);
  else if (field == "approval_required") lua_pushboolean(L, o.obligations.approval_required);
  else lua_pushnil(L);
  return 1;
}

int decisionNewIndex(lua_State* L) {
  return luaL_error(L, "decisions are read-only: make a new one with allow{...}, deny{...} or step_up(...)");
}

int decisionToString(lua_State* L) {
  const MadeDecision& made = checkedDecision(L, 1);
  lua_pushfstring(L, "decision: %s", nameOf(made.outcome.verdict));
  return 1;
}

int currentLine(lua_State* L) {
  lua_Debug ar;
  if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar) && ar.currentline > 0) return ar.currentline;
  return 0;
}

// Reads the options into `made`. Makes no Lua errors (C++ objects are alive).
void readOptions(lua_State* L, Verdict verdict, int opts, int acr, int line, MadeDecision& made) {
  try {
    PolicyOutcome& o = made.outcome;
    o.verdict = verdict;
    o.line = line;
    if (opts != 0 && lua_type(L, opts) == LUA_TSTRING) {
      std::size_t len = 0;
      const char* text = lua_tolstring(L, opts, &len);
      o.reasons.emplace_back(text, len < kMaxTextBytes ? len : kMaxTextBytes);
    } else if (opts != 0 && lua_type(L, opts) == LUA_TTABLE) {
      if (!readDecisionOptions(L, opts, o, made.problem)) return;
    }
    if (acr != 0) {
      std::size_t len = 0;
      const char* text = lua_tolstring(L, acr, &len);
      o.acr.assign(text, len < kMaxTextBytes ? len : kMaxTextBytes);
    }
  } catch (const std::bad_alloc&) {
    made.problem = "out of memory reading the decision";
  }
}

}  // namespace

std::size_t MadeDecisions::beginCall(std::uint64_t generation) {
  generation_ = generation;
  call_.clear();
  const std::size_t released = call_bytes_;
  call_bytes_ = 0;
  return released;
}

void* MadeDecisions::keep(MadeDecision made, std::size_t bytes) {
  if (loading_) {
    loaded_.push_back(std::move(made));
    return handleOf(true, 0, loaded_.size() - 1);
  }
  call_.push_back(std::move(made));
  call_bytes_ += bytes;
  return handleOf(false, generation_, call_.size() - 1);
}

const MadeDecision* MadeDecisions::find(const void* handle) const {
  const auto bits = reinterpret_cast<std::uintptr_t>(handle);
  if ((bits & kTagMask) != kTag) return nullptr;
  const std::size_t index = bits & kIndexMask;
  if (bits & kLoadedBit) return index < loaded_.size() ? &loaded_[index] : nullptr;
  if (((bits >> kGenerationShift) & kGenerationMask) != (generation_ & kGenerationMask)) return nullptr;
  return index < call_.size() ? &call_[index] : nullptr;
}

bool MadeDecisions::take(const void* handle, PolicyOutcome& outcome, std::string& problem) {
  const MadeDecision* made = find(handle);
  if (made == nullptr) return false;
  const auto bits = reinterpret_cast<std::uintptr_t>(handle);
  if (bits & kLoadedBit) {  // the state keeps it for later calls
    outcome = made->outcome;
    problem = made->problem;
  } else {
    outcome = std::move(call_[bits & kIndexMask].outcome);
    problem = std::move(call_[bits & kIndexMask].problem);
  }
  return true;
}

void registerDecisionValues(lua_State* L) {
  lua_pushlightuserdata(L, nullptr);
  lua_createtable(L, 0, 4);
  const luaL_Reg methods[] = {{"__index", decisionIndex},
                              {"__newindex", decisionNewIndex},
                              {"__tostring", decisionToString},
                              {nullptr, nullptr}};
  luaL_setfuncs(L, methods, 0);
  lua_pushliteral(L, "decision");
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
  lua_pop(L, 1);
}

int pushNewDecision(lua_State* L, Verdict verdict, int opts, int acr) {
  const int type = opts == 0 ? LUA_TNONE : lua_type(L, opts);
  if (type != LUA_TNONE && type != LUA_TNIL && type != LUA_TSTRING && type != LUA_TTABLE)
    return luaL_error(L, "%s: expected a reason string or an options table", nameOf(verdict));
  luaL_checkstack(L, 24, "decision options");
  const int line = currentLine(L);
  SandboxGuard& guard = guardOf(L);
  void* handle = nullptr;
  {  // C++ objects live in this block: no Lua errors in it
    MadeDecision made;
    readOptions(L, verdict, opts, acr, line, made);
    const std::size_t bytes = footprint(made);
    if (!guard.active || guard.used + bytes <= guard.cap) {
      guard.used += bytes;
      handle = guard.decisions.keep(std::move(made), bytes);
    }
  }
  if (handle == nullptr) {
    guard.tripped = Fault::MemoryLimit;
    return luaL_error(L, "%s", guard.trippedMessage());
  }
  lua_pushlightuserdata(L, handle);
  return 1;
}

DecisionRead readDecisionValue(lua_State* L, int index, PolicyOutcome& out, std::string& error) {
  if (lua_type(L, index) != LUA_TLIGHTUSERDATA) return DecisionRead::NotADecisionValue;
  if (!guardOf(L).decisions.take(lua_touserdata(L, index), out, error)) {
    error = "the handler returned a decision made during another call";
    return DecisionRead::Invalid;
  }
  return error.empty() ? DecisionRead::Read : DecisionRead::Invalid;
}

}  // namespace sigid::policy
