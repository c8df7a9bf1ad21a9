#include "core/ids.hpp"
#include "hosted/hosted_page.hpp"
#include "hosted/hosted_routes.hpp"
#include "hosted/login_page.hpp"
#include "hosted/sign_in_flow.hpp"
#include "tenancy/user.hpp"

namespace sigid::hosted {
namespace {

using core::Error;
using core::ErrorCode;
using core::Result;
using http::Request;
using http::Response;

// Notices come as codes, never as text from the URL: a link cannot make our page say anything.
std::string noticeText(std::string_view code) {
  if (code == "joined") return "Invitation accepted. Sign in to continue.";
  if (code == "password_changed") return "Your password was changed. Sign in with the new one.";
  if (code == "signed_out") return "You have signed out.";
  return "";
}

std::string queryValue(const Request& r, std::string_view key) {
  for (auto& [k, v] : r.queryParams()) {
    if (k == key) return v;
  }
  return "";
}

Result<Response> showLogin(HostedContext& ctx, Request& r) {
  SIGID_TRY(PageVisit visit, beginVisit(ctx, r));
  // OIDC Core §3.1.2.1 login_hint, passed on by /authorize: prefills the e-mail field only.
  std::string hint = queryValue(r, "login_hint");
  if (hint.size() > 320) hint.clear();
  return loginPage(ctx, visit, 200, queryValue(r, "return_to"), "", noticeText(queryValue(r, "notice")), hint);
}

Result<Response> submitLogin(HostedContext& ctx, Request& r) {
  SIGID_TRY(PageVisit visit, beginVisit(ctx, r));
  SIGID_TRY(auto form, readForm(r));
  SIGID_CHECK(checkCsrf(ctx, visit, form));
  const std::string plugin_id = form["method"];
  const std::string return_to = form["return_to"];
  const std::string typed_email = form["email"];
  const std::string account = tenancy::normaliseEmail(typed_email).ok() ? *tenancy::normaliseEmail(typed_email) : typed_email;
  const tenancy::Tenant& tenant = visit.tenant;

  SIGID_TRY(std::int64_t locked_for, ctx.lockout.lockedFor(tenant, account, r.remote_address));
  if (locked_for > 0)
    return loginPage(ctx, visit, 429, return_to,
                     "Too many failed attempts. Try again in " + std::to_string((locked_for + 59) / 60) + " minutes.",
                     "", typed_email);

  SIGID_TRY(auto member, ctx.users.findByEmail(tenant, account));
  const bool known = member && member->status != tenancy::MembershipStatus::Removed;
  sdk::SignInContext context{tenant.id.str(), known ? member->subject : "", core::Uuid::v4().str(), r.remote_address,
                             std::string(r.header("user-agent").value_or("").substr(0, 512))};
  std::map<std::string, std::string> fields = form;
  for (const char* own : {"csrf_token", "method", "return_to"}) fields.erase(own);
  auto verified = ctx.methods.authenticate(tenant, plugin_id, context, std::move(fields));
  if (!verified) {
    const auto code = verified.error().code();
    if (code == ErrorCode::NotFound || code == ErrorCode::InvalidRequest)
      return loginPage(ctx, visit, 400, return_to, "Choose one of the sign-in methods below.", "", typed_email);
    if (code != ErrorCode::AccessDenied) return std::move(verified).error();
    SIGID_CHECK(ctx.lockout.recordFailure(tenant, account, r.remote_address));
    return loginPage(ctx, visit, 401, return_to, asSentence(verified.error().description()), "", typed_email);
  }
  // The method proved the subject we named; anything else is a plugin fault, never a sign-in.
  if (!known || verified->subject_ref != member->subject)
    return Error::internal("sign-in method " + plugin_id + " verified a subject other than the one it was given");
  if (member->status != tenancy::MembershipStatus::Active)
    return loginPage(ctx, visit, 403, return_to,
                     "Your access to " + brandingFor(tenant).display_name + " is suspended. Contact its administrators.",
                     "", typed_email);
  return afterFirstFactor(ctx, visit, r,
                          FirstFactor{*member, account, std::move(*verified), safeReturnPath(tenant, return_to),
                                      context.user_agent, typed_email});
}

}  // namespace

void addLoginRoutes(http::Router& router, HostedContext& ctx) {
  router.add("GET", "/t/{slug}/login", hostedHandler(ctx, [&ctx](Request& r) { return showLogin(ctx, r); }));
  router.add("POST", "/t/{slug}/login", hostedHandler(ctx, [&ctx](Request& r) { return submitLogin(ctx, r); }));
}

}  // namespace sigid::hosted
