#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "hosted/hosted_context.hpp"
#include "oauth/keys/key_service.hpp"
#include "oauth/tenant_directory.hpp"

namespace sigid::oauth {

// OIDC RP-Initiated Logout 1.0 §2-§3, after the hosted /logout page (part A)
// has ended the session: where the browser goes next.
//
// The client is the id_token_hint's `aud` (the hint must carry our signature
// for this tenant and our issuer; an expired hint is fine, §2) or, without a
// hint, the `client_id` parameter; when both are given they must agree.
// post_logout_redirect_uri must equal one the client registered
// (post_logout_redirect_uris) exactly. Anything short of that shows our own
// signed-out page: the user is signed out either way, and an unvalidated URI
// is never followed (it would be an open redirector).
class RpLogoutRedirects final : public hosted::LogoutRedirects {
 public:
  RpLogoutRedirects(TenantDirectory& directory, KeyService& keys) : directory_(directory), keys_(keys) {}

  core::Result<std::optional<std::string>> afterLogout(const tenancy::Tenant& tenant,
                                                       const std::map<std::string, std::string>& params) override;

 private:
  // The aud of a valid hint, or nullopt.
  std::optional<std::string> hintAudience(const TenantSnapshot& tenant, const std::string& hint);

  TenantDirectory& directory_;
  KeyService& keys_;
};

}  // namespace sigid::oauth
