#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "admin/admin_context.hpp"
#include "http/router.hpp"
#include "tenancy/api_key.hpp"
#include "tenancy/invitation_service.hpp"
#include "tenancy/user_service.hpp"

namespace sigid::admin {

// API keys need this scope for /users and /invitations.
inline constexpr std::string_view kScopeUsers = tenancy::kScopeUsers;

// A browser session as the control plane shows it (no token, no internal id).
struct SessionSummary {
  std::string id;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::int64_t auth_time = 0;
  std::vector<std::string> amr;
  std::string acr;
  std::string ip;
  std::string user_agent;
};

// What the user and invitation handlers need. Sessions and passwords belong
// to the hosted module; they arrive as functions wired in app/, so admin does
// not depend on hosted (siblings in DESIGN.md §1).
struct UserAdminContext {
  AdminContext& admin;
  tenancy::UserService& users;
  tenancy::InvitationService& invitations;
  std::function<core::Result<std::vector<SessionSummary>>(const tenancy::Tenant&, const std::string& user_id)>
      list_sessions;
  std::function<core::Result<bool>(const core::Actor&, const tenancy::Tenant&, const std::string& user_id,
                                   std::string_view session_id)>
      revoke_session;
  std::function<core::Result<std::int64_t>(const core::Actor&, const tenancy::Tenant&, const std::string& user_id)>
      revoke_all_sessions;
  // Through the tenant's password sign-in method; NotFound when it has none.
  std::function<core::Result<void>(const tenancy::Tenant&, const std::string& subject, const std::string& password)>
      set_password;
  // Removes the user's second factors (a lost authenticator); the ids of the
  // methods that had one. Through hosted/second_factor_reset.hpp.
  std::function<core::Result<std::vector<std::string>>(const core::Actor&, const tenancy::Tenant&,
                                                       const std::string& subject)>
      reset_second_factors;
};

// /api/v1/tenants/{tenant}/users...: users are addressed by their subject in
// that tenant; another tenant's subject is a 404 identical to a missing one.
void addUserRoutes(http::Router& router, UserAdminContext& ctx);
// /api/v1/tenants/{tenant}/invitations...
void addInvitationRoutes(http::Router& router, UserAdminContext& ctx);

}  // namespace sigid::admin
