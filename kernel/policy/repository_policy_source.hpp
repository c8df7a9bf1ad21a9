#pragma once

#include <string>

#include "policy/policy_set_source.hpp"
#include "store/database.hpp"
#include "store/repositories/policy_repository.hpp"

namespace sigid::policy {

// Loads a tenant's evaluated policies from the database: two queries (the
// active and shadow versions with their sources, and the tenant default).
class RepositoryPolicySource final : public PolicySetSource {
 public:
  explicit RepositoryPolicySource(store::Database& db) : db_(db) {}
  core::Result<TenantPolicySet> load(const store::TenantScope& tenant) override;

 private:
  store::Database& db_;
  store::PolicyRepository policies_;
};

}  // namespace sigid::policy
