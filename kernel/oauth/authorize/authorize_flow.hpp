#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "hosted/hosted_context.hpp"
#include "hosted/hosted_page.hpp"
#include "http/request.hpp"
#include "oauth/authorization_codes.hpp"
#include "oauth/pending_authorizations.hpp"
#include "oauth/tenant_directory.hpp"
#include "oauth/user_policy_gate.hpp"

namespace sigid::oauth {

// GET /t/{slug}/authorize (RFC 6749 §4.1, OIDC Core §3.1.2) and the consent
// requests the hosted consent page shows (hosted::ConsentRequests).
//
// A fresh request is validated in two steps (client + redirect URI, whose
// failures are an error page and never a redirect; then the rest, whose
// failures go back to the client with `state`). When the browser must sign
// in or consent, the request is parked (PendingAuthorizations) and the browser
// comes back to /authorize?request_handle=... to finish: the parameters are
// never re-read from a URL.
class AuthorizeFlow final : public hosted::ConsentRequests {
 public:
  AuthorizeFlow(hosted::HostedContext& hosted, TenantDirectory& directory, PendingAuthorizations& pending,
                AuthorizationCodes& codes, const core::Clock& clock)
      : hosted_(hosted), directory_(directory), pending_(pending), codes_(codes), clock_(clock) {}
  // The `authorize` attach point (DESIGN.md §7); null: no policies.
  void setPolicyGate(const UserPolicyGate* gate) { policy_ = gate; }

  core::Result<http::Response> handle(const http::Request& request);

  core::Result<std::optional<hosted::ConsentRequest>> find(const tenancy::Tenant& tenant,
                                                           std::string_view request_id) override;
  core::Result<std::string> decided(const tenancy::Tenant& tenant, std::string_view request_id, bool allowed) override;

 private:
  struct Flow;  // one request's state, in authorize_flow.cpp

  core::Result<http::Response> proceed(Flow& flow);
  core::Result<http::Response> toLogin(Flow& flow, std::int64_t auth_not_before);
  core::Result<http::Response> toConsent(Flow& flow, const std::string& user_id);
  core::Result<http::Response> issueCode(Flow& flow, UserAuthorization authorization, const std::string& scope);
  core::Result<http::Response> refuse(Flow& flow, const std::string& error, const std::string& description);
  // A fresh request redirects (302). A resumed one is the end of a redirect
  // chain that began with the login or consent form POST, and browsers apply
  // that page's CSP form-action ('self') to every redirect of the chain
  // (CSP3 §6.3.3): a redirect to the client would be blocked. So a resumed
  // request answers with a page that navigates on by meta refresh (a new
  // navigation, not governed by form-action; no script needed).
  http::Response clientResponse(Flow& flow, QueryParams params);
  core::Result<std::string> park(Flow& flow, std::int64_t auth_not_before);

  hosted::HostedContext& hosted_;
  TenantDirectory& directory_;
  PendingAuthorizations& pending_;
  AuthorizationCodes& codes_;
  const core::Clock& clock_;
  const UserPolicyGate* policy_ = nullptr;
};

// The browser's way back to the client (§4.1.2, §4.1.2.1): 303 to the
// registered redirect URI with `params`, `state` when the request had one, and
// `iss` (RFC 9207: lets the client tell which server answered).
http::Response redirectToClient(const std::string& redirect_uri, QueryParams params, const std::string& state,
                                const std::string& issuer);
// The same destination as a 200 page that continues there by meta refresh.
http::Response continueToClient(const std::string& redirect_uri, QueryParams params, const std::string& state,
                                const std::string& issuer);

}  // namespace sigid::oauth
