#include "tenancy/user_service.hpp"

#include "core/encoding.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "store/autocommit.hpp"

namespace sigid::tenancy {

using core::Error;
using core::ErrorCode;
using core::Result;

namespace {

Member toMember(const store::MemberRow& row) {
  return Member{row.membership.user_id,
                row.subject,
                row.email,
                row.name,
                membershipStatusFrom(row.membership.status).value_or(MembershipStatus::Removed),
                splitWords(row.membership.roles),
                row.membership.created_at,
                row.membership.updated_at};
}

// Another tenant's subject, a removed membership and a typo look the same.
Error noSuchUser() { return Error::notFound("no such user"); }

std::string auditData(const Member& m) {
  std::string data = "{\"subject\":";
  core::appendJsonString(data, m.subject);
  return data + ",\"status\":\"" + std::string(toString(m.status)) + "\"}";
}

}  // namespace

Result<std::optional<Member>> UserService::loadMember(store::Connection& c, const Tenant& tenant,
                                                      const std::string& user_id) {
  const store::TenantScope scope(tenant.id);
  SIGID_TRY(auto subject, subjects_.subjectOf(scope, c, user_id));
  if (!subject) return std::optional<Member>{};
  SIGID_TRY(auto row, memberships_.findBySubject(scope, c, *subject));
  if (!row) return std::optional<Member>{};
  return std::optional<Member>{toMember(*row)};
}

Result<Member> UserService::join(store::Connection& c, const core::Actor& actor, const Tenant& tenant,
                                 const NewMember& request, bool allow_existing_member) {
  SIGID_TRY(std::string email, normaliseEmail(request.email));
  SIGID_CHECK(validatePersonName(request.name));
  SIGID_CHECK(validateRoles(request.roles));
  if (!emailDomainAllowed(tenant.settings, email))
    return Error::invalidRequest("email: this tenant only accepts addresses at its allowed domains");
  const store::TenantScope scope(tenant.id);
  const auto now = clock_.nowSeconds();

  SIGID_TRY(auto user, users_.findByEmail(c, email));
  if (!user) {
    user = store::UserRecord{core::Uuid::v7().str(), email, request.name, now, now};
    SIGID_CHECK(users_.insert(c, *user));
  }
  SIGID_TRY(auto membership, memberships_.find(scope, c, user->id));
  std::string event = "user.created";
  if (!membership) {
    SIGID_CHECK(memberships_.insert(scope, c, {user->id, "active", joinWords(request.roles), now, now}));
  } else if (membership->status == "removed" || membership->status == "invited") {
    membership->status = "active";
    membership->roles = joinWords(request.roles);
    membership->updated_at = now;
    SIGID_CHECK(memberships_.update(scope, c, *membership));
    event = "user.rejoined";
  } else if (!allow_existing_member) {
    return Error::conflict("email: this address is already a member of the tenant");
  }
  SIGID_TRY(auto subject, subjects_.subjectOf(scope, c, user->id));
  if (!subject) SIGID_CHECK(subjects_.insert(scope, c, user->id, newSubject(), now));
  SIGID_TRY(auto member, loadMember(c, tenant, user->id));
  if (!member) return Error::internal("membership vanished inside its own transaction");
  SIGID_CHECK(tenants_.audit(c, actor, tenant, event, auditData(*member)));
  return std::move(*member);
}

Result<Member> UserService::create(const core::Actor& actor, const Tenant& tenant, const NewMember& request) {
  std::optional<Member> created;
  auto committed = db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_TRY(created, join(c, actor, tenant, request, false));
    return core::success();
  });
  if (!committed) {
    // Two concurrent creates of one address: the loser meets the unique key.
    if (committed.error().code() == ErrorCode::Conflict && committed.error().description().find("email") != 0)
      return Error::conflict("email: this address is already a member of the tenant");
    return std::move(committed).error();
  }
  return std::move(*created);
}

Result<Member> UserService::findBySubject(const Tenant& tenant, std::string_view subject) {
  if (subject.empty() || subject.size() > 64) return noSuchUser();
  store::AutoCommit c(db_);
  SIGID_TRY(auto row, memberships_.findBySubject(store::TenantScope(tenant.id), c, std::string(subject)));
  if (!row || row->membership.status == "removed") return noSuchUser();
  return toMember(*row);
}

Result<std::optional<Member>> UserService::findByEmail(const Tenant& tenant, std::string_view email) {
  auto normalised = normaliseEmail(email);
  if (!normalised) return std::optional<Member>{};
  store::AutoCommit c(db_);
  SIGID_TRY(auto user, users_.findByEmail(c, *normalised));
  if (!user) return std::optional<Member>{};
  return loadMember(c, tenant, user->id);
}

Result<std::optional<Member>> UserService::findByUserId(const Tenant& tenant, const std::string& user_id) {
  store::AutoCommit c(db_);
  return loadMember(c, tenant, user_id);
}

Result<MemberList> UserService::list(const Tenant& tenant, std::string_view email_prefix, std::size_t limit,
                                     const std::optional<std::string>& cursor) {
  std::optional<std::string> after;
  if (cursor) {
    auto decoded = core::base64UrlDecode(*cursor);
    if (!decoded || decoded->empty()) return Error::invalidRequest("cursor: not a cursor this API issued");
    after = *decoded;
  }
  std::string prefix(email_prefix);
  std::transform(prefix.begin(), prefix.end(), prefix.begin(), [](unsigned char ch) { return char(std::tolower(ch)); });
  if (prefix.size() > 254) return Error::invalidRequest("email_prefix: at most 254 characters");
  store::AutoCommit c(db_);
  SIGID_TRY(auto page, memberships_.list(store::TenantScope(tenant.id), c, prefix, after, limit));
  MemberList out;
  for (const auto& row : page.items) out.items.push_back(toMember(row));
  if (page.next_after_email) out.next_cursor = core::base64UrlEncode(*page.next_after_email);
  return out;
}

Result<Member> UserService::setStatus(const core::Actor& actor, const Tenant& tenant, std::string_view subject,
                                      MembershipStatus status) {
  std::optional<Member> result;
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    const store::TenantScope scope(tenant.id);
    SIGID_TRY(auto row, memberships_.findBySubject(scope, c, std::string(subject)));
    if (!row || row->membership.status == "removed") return noSuchUser();
    Member member = toMember(*row);
    if (member.status != status) {  // idempotent: a repeat changes and records nothing
      row->membership.status = std::string(toString(status));
      row->membership.updated_at = clock_.nowSeconds();
      SIGID_CHECK(memberships_.update(scope, c, row->membership));
      member.status = status;
      member.updated_at = row->membership.updated_at;
      if (status == MembershipStatus::Suspended || status == MembershipStatus::Removed) {
        for (auto* hook : hooks_) SIGID_CHECK(hook->revokeAccess(c, tenant, member));
      }
      const char* type = status == MembershipStatus::Suspended ? "user.suspended"
                         : status == MembershipStatus::Removed ? "user.removed"
                                                               : "user.reactivated";
      SIGID_CHECK(tenants_.audit(c, actor, tenant, type, auditData(member)));
    }
    result = std::move(member);
    return core::success();
  }));
  return std::move(*result);
}

Result<Member> UserService::suspend(const core::Actor& actor, const Tenant& tenant, std::string_view subject) {
  return setStatus(actor, tenant, subject, MembershipStatus::Suspended);
}

Result<Member> UserService::reactivate(const core::Actor& actor, const Tenant& tenant, std::string_view subject) {
  return setStatus(actor, tenant, subject, MembershipStatus::Active);
}

Result<void> UserService::remove(const core::Actor& actor, const Tenant& tenant, std::string_view subject) {
  SIGID_CHECK(setStatus(actor, tenant, subject, MembershipStatus::Removed));
  return core::success();
}

}  // namespace sigid::tenancy
