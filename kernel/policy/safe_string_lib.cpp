#include "policy/safe_string_lib.hpp"

#include <cstring>

#include "policy/lua_pattern.hpp"
#include "policy/sandbox_guard.hpp"

// These functions are called from Lua and may raise Lua errors (longjmp), so
// no object with a non-trivial destructor may be alive across a Lua API call:
// PatternMatch is trivially destructible for that reason.

namespace sigid::policy {
namespace {

constexpr const char* kSpecials = "^$*+?.([%-";

bool tick(void* context, std::uint64_t work) { return static_cast<SandboxGuard*>(context)->charge(work); }

// Bytes scanned per step charged: a scan of 64 bytes costs about as much as one VM instruction.
constexpr std::uint64_t kBytesPerStep = 64;

void chargeBytes(lua_State* L, std::size_t bytes) {
  if (!guardOf(L).charge(bytes / kBytesPerStep + 1)) luaL_error(L, "%s", guardOf(L).trippedMessage());
}

std::size_t startIndex(lua_Integer pos, std::size_t len) {
  if (pos > 0) return static_cast<std::size_t>(pos);
  if (pos == 0) return 1;
  if (pos < -static_cast<lua_Integer>(len)) return 1;
  return len + static_cast<std::size_t>(pos) + 1;
}

bool hasSpecials(const char* p, std::size_t lp) {
  for (std::size_t i = 0; i < lp; ++i)
    if (std::strchr(kSpecials, p[i]) != nullptr && p[i] != '\0') return true;
  return false;
}

// Plain search, metered: naive search is O(n·m) on inputs like "aaaa…" / "aa…ab".
const char* meteredFind(lua_State* L, const char* s, std::size_t ls, const char* p, std::size_t lp) {
  if (lp == 0) return s;
  if (lp > ls) return nullptr;
  const char* last = s + (ls - lp);
  std::size_t compared = 0;
  for (const char* at = s; at <= last; ++at) {
    at = static_cast<const char*>(std::memchr(at, *p, static_cast<std::size_t>(last - at) + 1));
    if (at == nullptr) break;
    compared += lp;
    if (compared >= 4096) {
      chargeBytes(L, compared);
      compared = 0;
    }
    if (std::memcmp(at + 1, p + 1, lp - 1) == 0) return at;
  }
  chargeBytes(L, ls);
  return nullptr;
}

// Runs the matcher; raises the matching Lua error when it stopped or the pattern is malformed.
bool runMatch(lua_State* L, PatternMatch& m, const char* start, const char* p) {
  PatternMatch::Status status = m.matchAt(start, p);
  if (status == PatternMatch::Status::Stopped) luaL_error(L, "%s", guardOf(L).trippedMessage());
  if (status == PatternMatch::Status::Malformed) luaL_error(L, "%s", m.error());
  return status == PatternMatch::Status::Matched;
}

void pushCapture(lua_State* L, const PatternMatch& m, int i, const char* s, const char* e) {
  if (i >= m.captureCount()) {
    if (i != 0) luaL_error(L, "invalid capture index %%%d", i + 1);
    lua_pushlstring(L, s, static_cast<std::size_t>(e - s));
    return;
  }
  std::ptrdiff_t len = m.captureLength(i);
  if (len == PatternMatch::kUnfinishedCapture) luaL_error(L, "unfinished capture");
  if (len == PatternMatch::kPositionCapture)
    lua_pushinteger(L, static_cast<lua_Integer>(m.captureStart(i) - m.subjectStart()) + 1);
  else
    lua_pushlstring(L, m.captureStart(i), static_cast<std::size_t>(len));
}

int pushCaptures(lua_State* L, const PatternMatch& m, const char* s, const char* e, bool whole_if_none) {
  int n = (m.captureCount() == 0 && whole_if_none) ? 1 : m.captureCount();
  luaL_checkstack(L, n, "too many captures");
  for (int i = 0; i < n; ++i) pushCapture(L, m, i, s, e);
  return n;
}

int findAux(lua_State* L, bool find) {
  std::size_t ls = 0, lp = 0;
  const char* s = luaL_checklstring(L, 1, &ls);
  const char* p = luaL_checklstring(L, 2, &lp);
  std::size_t init = startIndex(luaL_optinteger(L, 3, 1), ls) - 1;
  if (init > ls) {
    luaL_pushfail(L);
    return 1;
  }
  if (find && (lua_toboolean(L, 4) || !hasSpecials(p, lp))) {
    if (const char* at = meteredFind(L, s + init, ls - init, p, lp)) {
      lua_pushinteger(L, static_cast<lua_Integer>(at - s) + 1);
      lua_pushinteger(L, static_cast<lua_Integer>(at - s + lp));
      return 2;
    }
    luaL_pushfail(L);
    return 1;
  }
  const bool anchor = lp > 0 && *p == '^';
  if (anchor) {
    ++p;
    --lp;
  }
  PatternMatch m(s, ls, p, lp, tick, &guardOf(L));
  const char* s1 = s + init;
  do {
    if (runMatch(L, m, s1, p)) {
      if (find) {
        lua_pushinteger(L, static_cast<lua_Integer>(s1 - s) + 1);
        lua_pushinteger(L, static_cast<lua_Integer>(m.end() - s));
        return pushCaptures(L, m, nullptr, nullptr, false) + 2;
      }
      return pushCaptures(L, m, s1, m.end(), true);
    }
  } while (s1++ < s + ls && !anchor);
  luaL_pushfail(L);
  return 1;
}

int safeFind(lua_State* L) { return findAux(L, true); }
int safeMatch(lua_State* L) { return findAux(L, false); }

// gmatch state, kept in a userdata (upvalue 3) beside the subject and pattern.
struct GmatchState {
  std::size_t src;        // offset of the next attempt
  std::ptrdiff_t last;    // end offset of the last match, -1 before the first
};

int gmatchNext(lua_State* L) {
  std::size_t ls = 0, lp = 0;
  const char* s = lua_tolstring(L, lua_upvalueindex(1), &ls);
  const char* p = lua_tolstring(L, lua_upvalueindex(2), &lp);
  auto* state = static_cast<GmatchState*>(lua_touserdata(L, lua_upvalueindex(3)));
  PatternMatch m(s, ls, p, lp, tick, &guardOf(L));
  for (std::size_t src = state->src; src <= ls; ++src) {
    if (runMatch(L, m, s + src, p) && m.end() - s != state->last) {
      state->src = static_cast<std::size_t>(m.end() - s);
      state->last = m.end() - s;
      return pushCaptures(L, m, s + src, m.end(), true);
    }
  }
  state->src = ls + 1;
  return 0;
}

int safeGmatch(lua_State* L) {
  std::size_t ls = 0;
  luaL_checklstring(L, 1, &ls);
  luaL_checkstring(L, 2);
  std::size_t init = startIndex(luaL_optinteger(L, 3, 1), ls) - 1;
  if (init > ls) init = ls + 1;
  lua_settop(L, 2);
  auto* state = static_cast<GmatchState*>(lua_newuserdatauv(L, sizeof(GmatchState), 0));
  state->src = init;
  state->last = -1;
  lua_pushcclosure(L, gmatchNext, 3);
  return 1;
}

void addReplacementString(lua_State* L, luaL_Buffer* b, const PatternMatch& m, const char* s, const char* e) {
  std::size_t l = 0;
  const char* news = lua_tolstring(L, 3, &l);
  const char* end = news + l;
  for (const char* p = news; p < end; ++p) {
    if (*p != '%') {
      luaL_addchar(b, *p);
      continue;
    }
    ++p;
    if (p < end && *p == '%') {
      luaL_addchar(b, '%');
    } else if (p < end && *p >= '0' && *p <= '9') {
      if (*p == '0') {
        luaL_addlstring(b, s, static_cast<std::size_t>(e - s));
      } else {
        pushCapture(L, m, *p - '1', s, e);
        luaL_tolstring(L, -1, nullptr);  // a position capture is an integer
        lua_remove(L, -2);
        luaL_addvalue(b);
      }
    } else {
      luaL_error(L, "invalid use of '%%' in replacement string");
    }
  }
}

void addReplacement(lua_State* L, luaL_Buffer* b, const PatternMatch& m, const char* s, const char* e, int tr) {
  if (tr == LUA_TNUMBER || tr == LUA_TSTRING) {
    addReplacementString(L, b, m, s, e);
    return;
  }
  if (tr == LUA_TFUNCTION) {
    lua_pushvalue(L, 3);
    int n = pushCaptures(L, m, s, e, true);
    lua_call(L, n, 1);
  } else {
    pushCapture(L, m, 0, s, e);
    lua_gettable(L, 3);
  }
  if (!lua_toboolean(L, -1)) {  // nil or false: keep the original text
    lua_pop(L, 1);
    luaL_addlstring(b, s, static_cast<std::size_t>(e - s));
  } else if (!lua_isstring(L, -1)) {
    luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
  } else {
    luaL_addvalue(b);
  }
}

int safeGsub(lua_State* L) {
  std::size_t srcl = 0, lp = 0;
  const char* src = luaL_checklstring(L, 1, &srcl);
  const char* p = luaL_checklstring(L, 2, &lp);
  const int tr = lua_type(L, 3);
  luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3,
                   "string/function/table");
  const lua_Integer max_s = luaL_optinteger(L, 4, static_cast<lua_Integer>(srcl) + 1);
  const bool anchor = lp > 0 && *p == '^';
  if (anchor) {
    ++p;
    --lp;
  }
  const char* const subject = src;
  const char* last = nullptr;
  lua_Integer n = 0;
  bool changed = false;
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  PatternMatch m(subject, srcl, p, lp, tick, &guardOf(L));
  while (n < max_s) {
    if (runMatch(L, m, src, p) && m.end() != last) {
      const char* e = m.end();
      ++n;
      changed = true;
      addReplacement(L, &b, m, src, e, tr);
      src = last = e;
    } else if (src < subject + srcl) {
      luaL_addchar(&b, *src++);
    } else {
      break;
    }
    if (anchor) break;
  }
  if (!changed) {
    lua_pushvalue(L, 1);
  } else {
    luaL_addlstring(&b, src, static_cast<std::size_t>(subject + srcl - src));
    luaL_pushresult(&b);
  }
  lua_pushinteger(L, n);
  return 2;
}

// string.rep refuses up front what the memory limit would refuse later, and
// never loops over empty pieces (string.rep("", 1e15) spins in stock Lua).
int safeRep(lua_State* L) {
  std::size_t l = 0, lsep = 0;
  const char* s = luaL_checklstring(L, 1, &l);
  lua_Integer n = luaL_checkinteger(L, 2);
  const char* sep = luaL_optlstring(L, 3, "", &lsep);
  if (n <= 0 || l + lsep == 0) {
    lua_pushliteral(L, "");
    return 1;
  }
  SandboxGuard& guard = guardOf(L);
  const std::size_t room = guard.cap > guard.used ? guard.cap - guard.used : 0;
  const std::size_t piece = l + lsep;
  if (static_cast<std::uint64_t>(n) > room / piece) {
    guard.tripped = Fault::MemoryLimit;
    return luaL_error(L, "%s", guard.trippedMessage());
  }
  const std::size_t total = static_cast<std::size_t>(n) * l + static_cast<std::size_t>(n - 1) * lsep;
  chargeBytes(L, total);
  luaL_Buffer b;
  char* out = luaL_buffinitsize(L, &b, total);
  for (lua_Integer i = 0; i < n; ++i) {
    std::memcpy(out, s, l);
    out += l;
    if (i + 1 < n && lsep > 0) {
      std::memcpy(out, sep, lsep);
      out += lsep;
    }
  }
  luaL_pushresultsize(&b, total);
  return 1;
}

}  // namespace

void installSafeStringFunctions(lua_State* L, int string_table) {
  string_table = lua_absindex(L, string_table);
  const luaL_Reg replacements[] = {{"find", safeFind},   {"match", safeMatch}, {"gmatch", safeGmatch},
                                   {"gsub", safeGsub},   {"rep", safeRep},     {nullptr, nullptr}};
  for (const luaL_Reg* r = replacements; r->name; ++r) {
    lua_pushcfunction(L, r->func);
    lua_setfield(L, string_table, r->name);
  }
  for (const char* removed : {"dump", "pack", "packsize", "unpack"}) {
    lua_pushnil(L);
    lua_setfield(L, string_table, removed);
  }
}

}  // namespace sigid::policy
