#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/repositories/membership_repository.hpp"
#include "store/repositories/subject_repository.hpp"
#include "store/repositories/user_repository.hpp"
#include "tenancy/tenant_service.hpp"
#include "tenancy/user.hpp"

namespace sigid::tenancy {

// Runs inside the transaction that suspends or removes a member, so access
// ends at once: hosted sessions register one, the token service another
// (refresh tokens). An error rolls the whole change back.
class AccessRevocationHook {
 public:
  virtual ~AccessRevocationHook() = default;
  virtual core::Result<void> revokeAccess(store::Connection& c, const Tenant& tenant, const Member& member) = 0;
};

struct NewMember {
  std::string email;
  std::string name;
  std::vector<std::string> roles;
};

struct MemberList {
  std::vector<Member> items;
  std::optional<std::string> next_cursor;
};

// Users as tenants manage them: one global account per e-mail address, a
// membership per tenant, and a pairwise subject per (tenant, user). Every
// change is audited in its own transaction through TenantService::audit.
class UserService {
 public:
  UserService(store::Database& db, const core::Clock& clock, TenantService& tenants)
      : db_(db), clock_(clock), tenants_(tenants) {}

  // Wiring only, before the server starts (the list is not locked).
  void addRevocationHook(AccessRevocationHook& hook) { hooks_.push_back(&hook); }

  // Creates the account, or links an existing one with that e-mail, as an
  // active member. 409 when the address is already a member (not removed);
  // 400 when its domain is outside the tenant's allowed_domains.
  core::Result<Member> create(const core::Actor& actor, const Tenant& tenant, const NewMember& request);
  // The same inside the caller's transaction (invitation acceptance).
  core::Result<Member> join(store::Connection& c, const core::Actor& actor, const Tenant& tenant,
                            const NewMember& request, bool allow_existing_member);

  core::Result<Member> findBySubject(const Tenant& tenant, std::string_view subject);
  core::Result<std::optional<Member>> findByEmail(const Tenant& tenant, std::string_view email);
  core::Result<std::optional<Member>> findByUserId(const Tenant& tenant, const std::string& user_id);
  core::Result<MemberList> list(const Tenant& tenant, std::string_view email_prefix, std::size_t limit,
                                const std::optional<std::string>& cursor);

  // Suspension and removal run every revocation hook in the same transaction.
  core::Result<Member> suspend(const core::Actor& actor, const Tenant& tenant, std::string_view subject);
  core::Result<Member> reactivate(const core::Actor& actor, const Tenant& tenant, std::string_view subject);
  core::Result<void> remove(const core::Actor& actor, const Tenant& tenant, std::string_view subject);

 private:
  core::Result<std::optional<Member>> loadMember(store::Connection& c, const Tenant& tenant, const std::string& user_id);
  core::Result<Member> setStatus(const core::Actor& actor, const Tenant& tenant, std::string_view subject,
                                 MembershipStatus status);

  store::Database& db_;
  const core::Clock& clock_;
  TenantService& tenants_;
  store::UserRepository users_;
  store::MembershipRepository memberships_;
  store::SubjectRepository subjects_;
  std::vector<AccessRevocationHook*> hooks_;
};

}  // namespace sigid::tenancy
