#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/repositories/invitation_repository.hpp"
#include "tenancy/invitation.hpp"
#include "tenancy/tenant_service.hpp"
#include "tenancy/user_service.hpp"

namespace sigid::tenancy {

// Sends the invitation e-mail carrying `token` (the only copy: the database
// keeps its SHA-256). Implemented by the hosted module, which owns links and SMTP.
class InvitationDelivery {
 public:
  virtual ~InvitationDelivery() = default;
  virtual core::Result<void> deliver(const Tenant& tenant, const Invitation& invitation, const std::string& token) = 0;
};

// An invitation after an attempt to send it. A failed send keeps the
// invitation (an admin can resend once mail works) and says why.
struct SentInvitation {
  Invitation invitation;
  bool delivered = false;
  std::string delivery_error;  // safe to show the admin
};

struct InvitationList {
  std::vector<Invitation> items;
  std::optional<std::string> next_cursor;
};

class InvitationService {
 public:
  InvitationService(store::Database& db, const core::Clock& clock, TenantService& tenants, UserService& users,
                    InvitationDelivery& delivery, std::chrono::seconds ttl = std::chrono::hours(24 * 7))
      : db_(db), clock_(clock), tenants_(tenants), users_(users), delivery_(delivery), ttl_(ttl) {}

  // 409 when the address is already a member or has a pending invitation.
  core::Result<SentInvitation> create(const core::Actor& actor, const Tenant& tenant, const NewInvitation& request);
  core::Result<InvitationList> list(const Tenant& tenant, std::string_view status, std::size_t limit,
                                    const std::optional<std::string>& cursor);
  core::Result<Invitation> get(const Tenant& tenant, std::string_view id);
  // A new token (the old link stops working) and a new expiry. Only pending
  // or expired invitations can be resent.
  core::Result<SentInvitation> resend(const core::Actor& actor, const Tenant& tenant, std::string_view id);
  core::Result<Invitation> revoke(const core::Actor& actor, const Tenant& tenant, std::string_view id);

  // For the hosted acceptance page: the invitation a token opens, if it is
  // still pending and unexpired; otherwise one 404 whatever the reason.
  core::Result<Invitation> open(const Tenant& tenant, std::string_view token);
  // Single use: marks the invitation accepted and creates or links the account
  // as an active member with the invited roles, in one transaction.
  core::Result<Member> accept(const core::Actor& actor, const Tenant& tenant, std::string_view token,
                              const std::string& name);

 private:
  core::Result<SentInvitation> send(const Tenant& tenant, store::InvitationRecord record, const std::string& token);

  store::Database& db_;
  const core::Clock& clock_;
  TenantService& tenants_;
  UserService& users_;
  InvitationDelivery& delivery_;
  std::chrono::seconds ttl_;
  store::InvitationRepository invitations_;
};

}  // namespace sigid::tenancy
