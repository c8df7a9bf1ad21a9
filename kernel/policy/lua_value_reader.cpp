#include "policy/lua_value_reader.hpp"

#include <algorithm>

#include "policy/decision_values.hpp"
#include "policy/frozen_table.hpp"
#include "policy/input_proxy.hpp"

namespace sigid::policy {
namespace {

constexpr int kMaxClaimDepth = 4;
constexpr std::size_t kMaxReasons = 16;
constexpr std::size_t kMaxTextBytes = 1024;  // reasons and rule names are for people, not payloads

// The string at stack slot `value` (nil: absent) into `out`.
bool readString(lua_State* L, int value, const char* key, std::string& out, bool& present, std::string& error) {
  present = !lua_isnil(L, value);
  if (!present) return true;
  if (lua_type(L, value) != LUA_TSTRING) {
    error = std::string("field '") + key + "' must be a string";
    return false;
  }
  std::size_t len = 0;
  const char* text = lua_tolstring(L, value, &len);
  out.assign(text, len < kMaxTextBytes ? len : kMaxTextBytes);
  return true;
}

bool readTable(lua_State* L, int index, int depth, bool empty_as_object, PolicyValue& out, std::string& error) {
  index = lua_absindex(L, index);
  const lua_Unsigned n = lua_rawlen(L, index);
  std::size_t keys = 0;
  bool all_strings = true;
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    ++keys;
    if (lua_type(L, -2) != LUA_TSTRING) all_strings = false;
    lua_pop(L, 1);
  }
  if (keys == 0) {
    out = empty_as_object ? PolicyValue::object() : PolicyValue::array();
    return true;
  }
  if (n > 0 && keys == n) {
    PolicyValue::Array items;
    items.reserve(n);
    for (lua_Unsigned i = 1; i <= n; ++i) {
      lua_rawgeti(L, index, static_cast<lua_Integer>(i));
      PolicyValue item;
      bool ok = readLuaValue(L, -1, depth - 1, empty_as_object, item, error);
      lua_pop(L, 1);
      if (!ok) return false;
      items.push_back(std::move(item));
    }
    out = PolicyValue(std::move(items));
    return true;
  }
  if (!all_strings) {
    error = "a table must be a list or have only string keys";
    return false;
  }
  PolicyValue::Object members;
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    std::size_t len = 0;
    const char* key = lua_tolstring(L, -2, &len);  // a string key: converting it cannot disturb lua_next
    PolicyValue value;
    if (!readLuaValue(L, -1, depth - 1, empty_as_object, value, error)) {
      lua_pop(L, 2);
      return false;
    }
    members.emplace_back(std::string(key, len), std::move(value));
    lua_pop(L, 1);
  }
  // Sorted: table traversal order is arbitrary, and equal decisions must compare
  // (and print) equal in shadow mode and explain output.
  std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  out = PolicyValue(std::move(members));
  return true;
}

// A plain table holding only strings at 1..n, read straight into `out`; false
// (and nothing read) for anything else, which then takes the general path.
bool readPlainStringList(lua_State* L, int list, std::vector<std::string>& out) {
  list = lua_absindex(L, list);
  const bool frozen = pushFrozenContents(L, list);
  if (frozen) list = lua_gettop(L);
  const lua_Unsigned n = lua_rawlen(L, list);
  bool ok = n > 0;
  std::vector<std::string> items;
  if (ok) {
    items.reserve(n);
    for (lua_Unsigned i = 1; i <= n && ok; ++i) {
      ok = lua_rawgeti(L, list, static_cast<lua_Integer>(i)) == LUA_TSTRING;
      if (ok) {
        std::size_t len = 0;
        const char* text = lua_tolstring(L, -1, &len);
        items.emplace_back(text, len);
      }
      lua_pop(L, 1);
    }
  }
  if (ok) {  // and nothing but 1..n: a hash key would make it something else
    lua_pushnil(L);
    std::size_t keys = 0;
    while (lua_next(L, list) != 0) {
      lua_pop(L, 1);
      if (++keys > n) {
        lua_pop(L, 1);  // the key: traversal stops here
        ok = false;
        break;
      }
    }
  }
  if (frozen) lua_pop(L, 1);
  if (ok) out = std::move(items);
  return ok;
}

// The list of strings at stack slot `value` (nil: absent) into `out`.
bool readStringList(lua_State* L, int value, const char* key, std::optional<std::vector<std::string>>& out,
                    std::string& error) {
  std::vector<std::string> plain;
  if (lua_type(L, value) == LUA_TTABLE && readPlainStringList(L, value, plain)) {
    out = std::move(plain);
    return true;
  }
  if (lua_isnil(L, value)) return true;
  PolicyValue list;
  bool ok = readLuaValue(L, value, 2, false, list, error);
  if (ok && lua_type(L, value) == LUA_TSTRING) list = PolicyValue::Array{list};
  if (ok && !list.isArray()) ok = false;
  std::vector<std::string> items;
  if (ok) {
    for (const auto& item : list.asArray()) {
      if (!item.isString()) {
        ok = false;
        break;
      }
      items.push_back(item.asString());
    }
  }
  if (ok) out = std::move(items);
  else error = std::string("field '") + key + "' must be a list of strings";
  return ok;
}

}  // namespace

bool readLuaValue(lua_State* L, int index, int max_depth, bool empty_as_object, PolicyValue& out, std::string& error) {
  if (max_depth < 0) {
    error = "value nested too deeply";
    return false;
  }
  if (!lua_checkstack(L, 4)) {
    error = "value nested too deeply";
    return false;
  }
  switch (lua_type(L, index)) {
    case LUA_TNIL: out = PolicyValue(); return true;
    case LUA_TBOOLEAN: out = PolicyValue(static_cast<bool>(lua_toboolean(L, index))); return true;
    case LUA_TNUMBER:
      if (lua_isinteger(L, index)) out = PolicyValue(static_cast<std::int64_t>(lua_tointeger(L, index)));
      else out = PolicyValue(static_cast<double>(lua_tonumber(L, index)));
      return true;
    case LUA_TSTRING: {
      std::size_t len = 0;
      const char* text = lua_tolstring(L, index, &len);
      out = PolicyValue(std::string(text, len));
      return true;
    }
    case LUA_TTABLE:
      if (pushFrozenContents(L, index)) {  // a top-level table: what the policy sees is its hidden contents
        const bool ok = readTable(L, -1, max_depth, empty_as_object, out, error);
        lua_pop(L, 1);
        return ok;
      }
      return readTable(L, index, max_depth, empty_as_object, out, error);
    case LUA_TUSERDATA:
      if (const PolicyValue* node = inputNodeAt(L, index)) {
        out = *node;
        return true;
      }
      [[fallthrough]];
    default: error = std::string("a ") + lua_typename(L, lua_type(L, index)) + " cannot be part of a decision"; return false;
  }
}

namespace {

// The fields a decision table may have, in the order they are checked.
enum DecisionField { kDecision, kAcr, kRule, kReason, kReasons, kScopes, kClaims, kApproval, kLine, kFieldCount };

// The reasons as read so far: `reason` goes first whatever order the fields come in.
struct ReasonFields {
  std::optional<std::string> reason;
  std::optional<std::vector<std::string>> reasons;
};

DecisionField fieldNamed(std::string_view key) {
  static constexpr std::string_view kNames[kFieldCount] = {"decision", "acr",    "rule", "reason", "reasons",
                                                           "scopes",   "claims", "approval_required", "line"};
  for (int i = 0; i < kFieldCount; ++i)
    if (kNames[i] == key) return static_cast<DecisionField>(i);
  return kFieldCount;
}

// One lua_next pass copies each known field's value into its own stack slot
// (slot + field); unknown keys are ignored. A pass over the few fields a
// decision has is much cheaper than a keyed lookup of every possible field.
void collectFields(lua_State* L, int table, int slot) {
  lua_pushnil(L);
  while (lua_next(L, table) != 0) {
    if (lua_type(L, -2) == LUA_TSTRING) {
      std::size_t len = 0;
      const char* key = lua_tolstring(L, -2, &len);
      const DecisionField field = fieldNamed(std::string_view(key, len));
      if (field != kFieldCount) lua_copy(L, -1, slot + field);
    }
    lua_pop(L, 1);
  }
}

// Pushes nil slots for every field, then fills them from the table at `table`
// (a frozen table's hidden contents). Returns the first slot.
int pushFieldSlots(lua_State* L, int table) {
  const int slot = lua_gettop(L) + 1;
  lua_settop(L, slot + kFieldCount - 1);  // the slots, nil
  const bool frozen = pushFrozenContents(L, table);
  collectFields(L, frozen ? lua_gettop(L) : table, slot);
  lua_settop(L, slot + kFieldCount - 1);
  return slot;
}

// One of the fields options carry (everything but decision, acr and line,
// which are ignored here), from the value at stack slot `value`; nil is absent.
bool readOptionField(lua_State* L, DecisionField field, int value, PolicyOutcome& out, ReasonFields& reasons,
                     std::string& error) {
  bool present = false;
  switch (field) {
    case kRule: return readString(L, value, "rule", out.rule, present, error);
    case kReason: {
      std::string reason;
      if (!readString(L, value, "reason", reason, present, error)) return false;
      if (present) reasons.reason = std::move(reason);
      return true;
    }
    case kReasons: return readStringList(L, value, "reasons", reasons.reasons, error);
    case kScopes: return readStringList(L, value, "scopes", out.obligations.scopes, error);
    case kClaims: {
      if (lua_isnil(L, value)) return true;
      PolicyValue claims;
      if (!readLuaValue(L, value, kMaxClaimDepth, true, claims, error)) return false;
      if (!claims.isObject()) {
        error = "field 'claims' must be a table of claim names to values";
        return false;
      }
      for (const auto& [name, member] : claims.asObject()) {
        if (isReservedClaim(name)) {
          error = "claim '" + name.substr(0, 64) + "' is reserved and cannot be set by a policy";
          return false;
        }
      }
      out.obligations.claims = std::move(claims);
      return true;
    }
    case kApproval: out.obligations.approval_required = lua_toboolean(L, value); return true;
    default: return true;
  }
}

void addReasons(PolicyOutcome& out, ReasonFields& fields) {
  if (fields.reason) out.reasons.push_back(std::move(*fields.reason));
  if (fields.reasons)
    for (auto& r : *fields.reasons)
      if (out.reasons.size() < kMaxReasons) out.reasons.push_back(r.substr(0, kMaxTextBytes));
}

// Everything but the verdict, the acr and the line, from the field slots.
bool readOptionFields(lua_State* L, int slot, PolicyOutcome& out, std::string& error) {
  ReasonFields reasons;
  for (DecisionField field : {kRule, kReason, kReasons, kScopes, kClaims, kApproval})
    if (!readOptionField(L, field, slot + field, out, reasons, error)) return false;
  addReasons(out, reasons);
  return true;
}

bool readDecisionFields(lua_State* L, int slot, PolicyOutcome& out, std::string& error) {
  std::string decision;
  bool present = false;
  if (!readString(L, slot + kDecision, "decision", decision, present, error)) return false;
  if (decision == "allow") out.verdict = Verdict::Allow;
  else if (decision == "deny") out.verdict = Verdict::Deny;
  else if (decision == "step_up") out.verdict = Verdict::StepUp;
  else {
    error = "field 'decision' must be \"allow\", \"deny\" or \"step_up\"";
    return false;
  }
  if (!readString(L, slot + kAcr, "acr", out.acr, present, error)) return false;
  if (out.verdict == Verdict::StepUp && out.acr.empty()) {
    error = "step_up needs the acr to reach";
    return false;
  }
  if (!readOptionFields(L, slot, out, error)) return false;
  out.line = lua_isinteger(L, slot + kLine) ? static_cast<int>(lua_tointeger(L, slot + kLine)) : 0;
  return true;
}

bool readDecisionTable(lua_State* L, int index, PolicyOutcome& out, std::string& error) {
  if (lua_isnil(L, index)) {
    out.verdict = Verdict::Abstain;
    return true;
  }
  if (lua_type(L, index) != LUA_TTABLE) {
    error = std::string("handler returned a ") + luaL_typename(L, index) +
            "; return allow(), deny(...), step_up(...) or nil";
    return false;
  }
  if (!lua_checkstack(L, kFieldCount + 4)) {
    error = "out of stack space reading the decision";
    return false;
  }
  const int top = lua_gettop(L);
  const bool ok = readDecisionFields(L, pushFieldSlots(L, index), out, error);
  lua_settop(L, top);
  return ok;
}

}  // namespace

bool readOutcome(lua_State* L, int index, PolicyOutcome& out, std::string& error) {
  index = lua_absindex(L, index);
  if (!lua_checkstack(L, 8)) {
    error = "out of stack space reading the decision";
    return false;
  }
  if (const DecisionRead read = readDecisionValue(L, index, out, error); read != DecisionRead::NotADecisionValue)
    return read == DecisionRead::Read;
  return readDecisionTable(L, index, out, error);  // a table the policy built itself (frozen ones included)
}

bool readDecisionOptions(lua_State* L, int index, PolicyOutcome& out, std::string& error) {
  index = lua_absindex(L, index);
  if (!lua_checkstack(L, kFieldCount + 4)) {
    error = "out of stack space reading the options";
    return false;
  }
  // One pass, each field read where lua_next leaves it: options are read on
  // every allow/deny call, so they skip the slots a returned table gets.
  const int top = lua_gettop(L);
  const int table = pushFrozenContents(L, index) ? lua_gettop(L) : index;
  ReasonFields reasons;
  bool ok = true;
  lua_pushnil(L);
  while (ok && lua_next(L, table) != 0) {
    if (lua_type(L, -2) == LUA_TSTRING) {
      std::size_t len = 0;
      const char* key = lua_tolstring(L, -2, &len);
      ok = readOptionField(L, fieldNamed(std::string_view(key, len)), lua_gettop(L), out, reasons, error);
    }
    lua_pop(L, 1);
  }
  lua_settop(L, top);
  if (ok) addReasons(out, reasons);
  return ok;
}

}  // namespace sigid::policy
