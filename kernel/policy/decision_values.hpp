#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <lua.hpp>

#include "policy/decision.hpp"

namespace sigid::policy {

// What allow(), deny() and step_up() return: a decision value. The decision
// itself is read from its options once, when the helper is called, and kept
// on the C++ side; Lua holds a light userdata handle to it. Returning the
// handle hands the kernel a finished PolicyOutcome, so a decision costs no
// Lua table and no read-back of one (the two were a fifth of a `token`
// decision). Policies can still read a decision (`d.decision`, `d.reason`,
// `d.scopes`, ...) but not change it: decisions are values.
//
// Handles carry the call's generation: one kept past its call is refused,
// never followed. Decisions made while a policy loads (top-level
// `local DENY = deny("...")`) live as long as the state, like the frozen
// tables beside them.
struct MadeDecision {
  PolicyOutcome outcome;
  std::string problem;  // why the options were not a valid decision; the outcome is unusable then
};

class MadeDecisions {
 public:
  // A new call: the previous call's decisions go. Returns the bytes they were charged.
  std::size_t beginCall(std::uint64_t generation);
  // While true, decisions are made for the state's lifetime (the top level is running).
  void setLoading(bool loading) { loading_ = loading; }

  // Keeps `made` (charged `bytes`, released at the next call unless loading), returns its handle.
  void* keep(MadeDecision made, std::size_t bytes);
  // The decision behind `handle`, or nullptr when it is not a live handle.
  const MadeDecision* find(const void* handle) const;
  // Like find, but hands the decision (and its problem, empty when valid) over,
  // moved when it belongs to this call only.
  bool take(const void* handle, PolicyOutcome& outcome, std::string& problem);

 private:
  std::vector<MadeDecision> call_;
  std::vector<MadeDecision> loaded_;
  std::uint64_t generation_ = 0;
  std::size_t call_bytes_ = 0;
  bool loading_ = false;
};

// Sets the metatable every light userdata of the state shares (decision
// values are the only light userdata a policy can hold): read-only fields,
// a readable tostring, hidden behind __metatable.
void registerDecisionValues(lua_State* L);

// allow/deny/step_up: reads the options at `opts` (0: none; a reason string or
// an options table) and the acr at `acr` (0: none; a string), records the
// caller's line, pushes the handle. Raises for options of the wrong type and
// when the decision would cross the call's memory cap.
int pushNewDecision(lua_State* L, Verdict verdict, int opts, int acr);

enum class DecisionRead { NotADecisionValue, Read, Invalid };

// The decision value at `index` into `out`; Invalid (with `error`) for a
// stale handle or options that were not a valid decision.
DecisionRead readDecisionValue(lua_State* L, int index, PolicyOutcome& out, std::string& error);

}  // namespace sigid::policy
