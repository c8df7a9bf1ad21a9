#include "hosted/hosted_page.hpp"
#include "hosted/hosted_routes.hpp"
#include "tenancy/user.hpp"

namespace sigid::hosted {
namespace {

using core::Error;
using core::ErrorCode;
using core::Result;
using http::Request;
using http::Response;

Error unusableLink() { return Error::notFound("This password reset link is not valid any more. Ask for a new one."); }

Result<Response> showForgot(HostedContext& ctx, Request& r) {
  SIGID_TRY(PageVisit visit, beginVisit(ctx, r));
  return page(ctx, visit, 200, "forgot", "Reset your password", PageData{});
}

Result<Response> submitForgot(HostedContext& ctx, Request& r) {
  SIGID_TRY(PageVisit visit, beginVisit(ctx, r));
  SIGID_TRY(auto form, readForm(r));
  SIGID_CHECK(checkCsrf(ctx, visit, form));
  // Source addresses that fail sign-in repeatedly may not trigger mail either.
  SIGID_TRY(std::int64_t locked_for, ctx.lockout.lockedFor(visit.tenant, "", r.remote_address));
  SIGID_TRY(auto member, ctx.users.findByEmail(visit.tenant, form["email"]));
  SIGID_TRY(auto password_method, ctx.methods.passwordMethod(visit.tenant));
  if (locked_for == 0 && member && member->status == tenancy::MembershipStatus::Active && password_method) {
    SIGID_TRY(std::string token, ctx.resets.issue(visit.tenant, member->user_id));
    if (auto sent = ctx.mail.sendPasswordReset(visit.tenant, member->email, token, ctx.resets.ttl().count() / 60); !sent)
      ctx.logger.warning("password reset e-mail not sent",
                         {{"request_id", r.request_id}, {"error", sent.error().description()},
                          {"detail", sent.error().detail()}});
  }
  // The same answer whether or not the address is known: the page must not enumerate accounts.
  PageData data;
  data.set("notice", "If that address belongs to an account here, we have sent it a link to choose a new password.");
  return page(ctx, visit, 200, "forgot", "Reset your password", data);
}

Result<Response> showReset(HostedContext& ctx, Request& r) {
  SIGID_TRY(PageVisit visit, beginVisit(ctx, r));
  std::string token;
  for (auto& [k, v] : r.queryParams()) {
    if (k == "token") token = v;
  }
  SIGID_TRY(auto user_id, ctx.resets.peek(visit.tenant, token));
  if (!user_id) return unusableLink();
  PageData data;
  data.set("token", token);
  return page(ctx, visit, 200, "reset", "Choose a new password", data);
}

Result<Response> submitReset(HostedContext& ctx, Request& r) {
  SIGID_TRY(PageVisit visit, beginVisit(ctx, r));
  SIGID_TRY(auto form, readForm(r));
  SIGID_CHECK(checkCsrf(ctx, visit, form));
  const std::string token = form["token"];
  const std::string password = form["password"];
  SIGID_TRY(auto user_id, ctx.resets.peek(visit.tenant, token));
  if (!user_id) return unusableLink();
  SIGID_TRY(auto member, ctx.users.findByUserId(visit.tenant, *user_id));
  if (!member || member->status != tenancy::MembershipStatus::Active) return unusableLink();
  auto retry = [&](const std::string& error) -> Result<Response> {
    PageData data;
    data.set("token", token);
    data.set("error", error);
    return page(ctx, visit, 400, "reset", "Choose a new password", data);
  };
  if (auto weak = tenancy::checkPasswordPolicy(visit.tenant.settings.password_policy, password, "Password"); !weak)
    return retry(weak.error().description());
  if (auto set = ctx.methods.setPassword(visit.tenant, member->subject, password); !set) {
    if (set.error().code() == ErrorCode::InvalidRequest) return retry(set.error().description());
    return std::move(set).error();
  }
  SIGID_TRY(auto redeemed, ctx.resets.redeem(visit.tenant, token));
  if (!redeemed) return unusableLink();
  // A new password ends every session: whoever knew the old one is signed out.
  core::Actor actor{"user", member->subject, r.remote_address, r.request_id};
  SIGID_CHECK(ctx.sessions.revokeAll(actor, visit.tenant, member->user_id));
  SIGID_CHECK(ctx.lockout.recordSuccess(visit.tenant, member->email));
  return clearSessionRedirect(ctx, visit, "/t/" + visit.tenant.slug + "/login?notice=password_changed");
}

}  // namespace

void addPasswordResetRoutes(http::Router& router, HostedContext& ctx) {
  router.add("GET", "/t/{slug}/password/forgot", hostedHandler(ctx, [&ctx](Request& r) { return showForgot(ctx, r); }));
  router.add("POST", "/t/{slug}/password/forgot",
             hostedHandler(ctx, [&ctx](Request& r) { return submitForgot(ctx, r); }));
  router.add("GET", "/t/{slug}/password/reset", hostedHandler(ctx, [&ctx](Request& r) { return showReset(ctx, r); }));
  router.add("POST", "/t/{slug}/password/reset", hostedHandler(ctx, [&ctx](Request& r) { return submitReset(ctx, r); }));
}

}  // namespace sigid::hosted
