#include "store/session_scope.hpp"

#include <algorithm>
#include <vector>

namespace sigid::store {
namespace {
// The databases whose transaction (or pinned session) the current thread is inside.
thread_local std::vector<const Database*> t_active;
}  // namespace

SessionScope::SessionScope(const Database* db) { t_active.push_back(db); }
SessionScope::~SessionScope() { t_active.pop_back(); }

Result<void> SessionScope::refuseReentry(const Database* db) {
  if (std::find(t_active.begin(), t_active.end(), db) != t_active.end())
    return core::Error::internal("Database used inside its own transaction: use the Connection given to the body");
  return core::success();
}

}  // namespace sigid::store
