#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "hosted/hosted_context.hpp"
#include "http/handler.hpp"

namespace sigid::hosted {

// One browser request to a tenant's hosted pages: the tenant (active), the
// CSRF cookie (made when absent) and the session the cookie names, if live.
struct PageVisit {
  tenancy::Tenant tenant;
  std::string csrf_cookie;
  bool csrf_cookie_is_new = false;
  std::optional<BrowserSession> session;
  std::string session_token;
  std::vector<std::string> set_cookies;  // added to the response by page()
};

inline constexpr std::string_view kSessionCookie = "sigid_session";

// The CSP of every hosted page: nothing inline, nothing third-party but https
// images (logos), forms only to ourselves, never framed.
inline constexpr std::string_view kHostedCsp =
    "default-src 'none'; style-src 'self'; img-src https: 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'";

core::Result<PageVisit> beginVisit(HostedContext& ctx, const http::Request& request);

// A token for the visit's forms, bound to tenant, CSRF cookie and session.
std::string csrfToken(const HostedContext& ctx, const PageVisit& visit);
// 403 unless the form's csrf_token matches.
core::Result<void> checkCsrf(const HostedContext& ctx, const PageVisit& visit,
                             const std::map<std::string, std::string>& form);

// application/x-www-form-urlencoded body; a repeated field is a 400 (a
// parameter-pollution attempt, never what our forms send).
core::Result<std::map<std::string, std::string>> readForm(const http::Request& request);

core::Result<http::Response> page(HostedContext& ctx, PageVisit& visit, int status, std::string_view name,
                                  const std::string& title, PageData data);
// Sets the session cookie (and a fresh CSRF cookie: the pre-login one must not
// survive into the session) and redirects with 303.
http::Response signedInRedirect(HostedContext& ctx, PageVisit& visit, const std::string& session_token,
                                const std::string& location);
http::Response clearSessionRedirect(HostedContext& ctx, PageVisit& visit, const std::string& location);

// Sends the browser to another site at the end of a form POST. Browsers apply
// the posting page's CSP form-action ('self') to every redirect the POST
// leads to (CSP3 §6.3.3), so a 3xx to a client would be blocked; this is a
// 200 page that continues by meta refresh (a new navigation, no script) with
// a link as fallback. `url` must already be validated (a registered URI).
http::Response continuePage(const std::string& url);

// An HTML error page; `tenant` brands it when known.
http::Response errorPage(HostedContext& ctx, const tenancy::Tenant* tenant, int status, const std::string& heading,
                         const std::string& message);

// Wraps a hosted handler: every Error becomes an HTML error page with the
// Error's status (a suspended tenant: 403; an unknown one: 404), never JSON.
http::Handler hostedHandler(HostedContext& ctx, std::function<core::Result<http::Response>(http::Request&)> body);

// The path after sign-in: only a path inside this tenant's pages
// ("/t/{slug}/..."), so the login page cannot be used as an open redirect.
std::string safeReturnPath(const tenancy::Tenant& tenant, std::string_view requested);

// Formats epoch seconds as "2025-01-31 14:05 UTC" for pages.
std::string displayTime(std::int64_t epoch_seconds);

}  // namespace sigid::hosted
