#include "tenancy/invitation_service.hpp"

#include "core/encoding.hpp"
#include "core/hashing.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/random.hpp"
#include "store/autocommit.hpp"

namespace sigid::tenancy {

using core::Error;
using core::Result;

std::string_view toString(InvitationStatus status) {
  switch (status) {
    case InvitationStatus::Pending: return "pending";
    case InvitationStatus::Accepted: return "accepted";
    case InvitationStatus::Revoked: return "revoked";
    case InvitationStatus::Expired: return "expired";
  }
  return "revoked";
}

std::optional<InvitationStatus> invitationStatusFrom(std::string_view text) {
  for (auto s : {InvitationStatus::Pending, InvitationStatus::Accepted, InvitationStatus::Revoked,
                 InvitationStatus::Expired}) {
    if (toString(s) == text) return s;
  }
  return std::nullopt;
}

namespace {

Error noSuchInvitation() { return Error::notFound("no such invitation"); }
// The acceptance page says the same for a wrong, used, revoked or expired link.
Error unusableLink() { return Error::notFound("this invitation link is not valid any more"); }

Invitation toInvitation(const store::InvitationRecord& r, std::int64_t now) {
  auto status = invitationStatusFrom(r.status).value_or(InvitationStatus::Revoked);
  if (status == InvitationStatus::Pending && r.expires_at <= now) status = InvitationStatus::Expired;
  return Invitation{r.id,         r.email,      splitWords(r.roles), r.message,      status,        r.invited_by,
                    r.expires_at, r.send_count, r.last_sent_at,      r.accepted_at, r.created_at, r.updated_at};
}

std::string auditData(const store::InvitationRecord& r) {
  std::string data = "{\"invitation_id\":";
  core::appendJsonString(data, r.id);
  return data + "}";  // never the address or the message: the audit log outlives both
}

bool validId(std::string_view id) { return core::Uuid::parse(id).has_value(); }

}  // namespace

Result<SentInvitation> InvitationService::send(const Tenant& tenant, store::InvitationRecord record,
                                               const std::string& token) {
  SentInvitation out;
  const auto now = clock_.nowSeconds();
  auto delivered = delivery_.deliver(tenant, toInvitation(record, now), token);
  if (delivered) {
    record.send_count += 1;
    record.last_sent_at = now;
    record.updated_at = now;
    store::AutoCommit c(db_);
    SIGID_CHECK(invitations_.update(store::TenantScope(tenant.id), c, record));
    out.delivered = true;
  } else {
    out.delivery_error = delivered.error().description();
  }
  out.invitation = toInvitation(record, now);
  return out;
}

Result<SentInvitation> InvitationService::create(const core::Actor& actor, const Tenant& tenant,
                                                 const NewInvitation& request) {
  SIGID_TRY(std::string email, normaliseEmail(request.email));
  SIGID_CHECK(validateRoles(request.roles));
  if (request.message.size() > 2000) return Error::invalidRequest("message: at most 2000 characters");
  if (!emailDomainAllowed(tenant.settings, email))
    return Error::invalidRequest("email: this tenant only accepts addresses at its allowed domains");
  SIGID_TRY(auto member, users_.findByEmail(tenant, email));
  if (member && member->status != MembershipStatus::Removed && member->status != MembershipStatus::Invited)
    return Error::conflict("email: this address is already a member of the tenant");

  const std::string token = core::randomToken(32);
  const auto now = clock_.nowSeconds();
  store::InvitationRecord record{core::Uuid::v7().str(), email, joinWords(request.roles), request.message,
                                 core::sha256Hex(token), "pending", actor.id, now + ttl_.count(), 0,
                                 std::nullopt, std::nullopt, now, now};
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    const store::TenantScope scope(tenant.id);
    SIGID_TRY(auto pending, invitations_.findPendingByEmail(scope, c, email));
    if (pending && pending->expires_at > now)
      return Error::conflict("email: an invitation to this address is pending; resend it instead");
    SIGID_CHECK(invitations_.insert(scope, c, record));
    return tenants_.audit(c, actor, tenant, "invitation.created", auditData(record));
  }));
  return send(tenant, std::move(record), token);
}

Result<InvitationList> InvitationService::list(const Tenant& tenant, std::string_view status, std::size_t limit,
                                               const std::optional<std::string>& cursor) {
  if (!status.empty() && status != "pending" && status != "accepted" && status != "revoked")
    return Error::invalidRequest("status: expected pending, accepted or revoked");
  std::optional<std::string> after;
  if (cursor) {
    auto decoded = core::base64UrlDecode(*cursor);
    if (!decoded || !validId(*decoded)) return Error::invalidRequest("cursor: not a cursor this API issued");
    after = *decoded;
  }
  store::AutoCommit c(db_);
  SIGID_TRY(auto page, invitations_.list(store::TenantScope(tenant.id), c, std::string(status), after, limit));
  InvitationList out;
  const auto now = clock_.nowSeconds();
  for (const auto& r : page.items) out.items.push_back(toInvitation(r, now));
  if (page.next_after_id) out.next_cursor = core::base64UrlEncode(*page.next_after_id);
  return out;
}

Result<Invitation> InvitationService::get(const Tenant& tenant, std::string_view id) {
  if (!validId(id)) return noSuchInvitation();
  store::AutoCommit c(db_);
  SIGID_TRY(auto record, invitations_.find(store::TenantScope(tenant.id), c, std::string(id)));
  if (!record) return noSuchInvitation();
  return toInvitation(*record, clock_.nowSeconds());
}

Result<SentInvitation> InvitationService::resend(const core::Actor& actor, const Tenant& tenant, std::string_view id) {
  if (!validId(id)) return noSuchInvitation();
  const std::string token = core::randomToken(32);
  const auto now = clock_.nowSeconds();
  store::InvitationRecord record;
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    const store::TenantScope scope(tenant.id);
    SIGID_TRY(auto found, invitations_.find(scope, c, std::string(id)));
    if (!found) return noSuchInvitation();
    if (found->status != "pending") return Error::conflict("only a pending or expired invitation can be resent");
    found->token_sha256 = core::sha256Hex(token);
    found->expires_at = now + ttl_.count();
    found->updated_at = now;
    SIGID_CHECK(invitations_.update(scope, c, *found));
    record = *found;
    return tenants_.audit(c, actor, tenant, "invitation.resent", auditData(record));
  }));
  return send(tenant, std::move(record), token);
}

Result<Invitation> InvitationService::revoke(const core::Actor& actor, const Tenant& tenant, std::string_view id) {
  if (!validId(id)) return noSuchInvitation();
  store::InvitationRecord record;
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    const store::TenantScope scope(tenant.id);
    SIGID_TRY(auto found, invitations_.find(scope, c, std::string(id)));
    if (!found) return noSuchInvitation();
    if (found->status == "accepted") return Error::conflict("an accepted invitation cannot be revoked; remove the user");
    if (found->status == "pending") {
      found->status = "revoked";
      found->updated_at = clock_.nowSeconds();
      SIGID_CHECK(invitations_.update(scope, c, *found));
      SIGID_CHECK(tenants_.audit(c, actor, tenant, "invitation.revoked", auditData(*found)));
    }
    record = *found;
    return core::success();
  }));
  return toInvitation(record, clock_.nowSeconds());
}

Result<Invitation> InvitationService::open(const Tenant& tenant, std::string_view token) {
  if (token.empty() || token.size() > 128) return unusableLink();
  store::AutoCommit c(db_);
  SIGID_TRY(auto record, invitations_.findByTokenHash(store::TenantScope(tenant.id), c, core::sha256Hex(token)));
  if (!record) return unusableLink();
  Invitation invitation = toInvitation(*record, clock_.nowSeconds());
  if (invitation.status != InvitationStatus::Pending) return unusableLink();
  return invitation;
}

Result<Member> InvitationService::accept(const core::Actor& actor, const Tenant& tenant, std::string_view token,
                                         const std::string& name) {
  if (token.empty() || token.size() > 128) return unusableLink();
  std::optional<Member> member;
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    const store::TenantScope scope(tenant.id);
    const auto now = clock_.nowSeconds();
    SIGID_TRY(auto record, invitations_.findByTokenHash(scope, c, core::sha256Hex(token)));
    if (!record || record->status != "pending" || record->expires_at <= now) return unusableLink();
    SIGID_TRY(bool won, invitations_.markAccepted(scope, c, record->id, now));
    if (!won) return unusableLink();
    SIGID_TRY(member, users_.join(c, actor, tenant, NewMember{record->email, name, splitWords(record->roles)}, true));
    return tenants_.audit(c, actor, tenant, "invitation.accepted", auditData(*record));
  }));
  return std::move(*member);
}

}  // namespace sigid::tenancy
