#pragma once

#include "core/ids.hpp"

namespace sigid::store {

// Proof that a tenant was resolved before its data is touched. Every
// tenant-scoped repository call takes one first, and every query it runs
// carries `tenant_id = ?` bound from it: an unscoped query of tenant data
// cannot be written by accident (DESIGN.md §3), and the schema stays
// shardable by tenant.
class TenantScope {
 public:
  explicit TenantScope(core::TenantId id) : id_(std::move(id)) {}
  const core::TenantId& id() const { return id_; }
  const std::string& str() const { return id_.str(); }

 private:
  core::TenantId id_;
};

}  // namespace sigid::store
