// The account's second factors: list, set up (shown once, active only after
// one valid code) and remove. Every form carries the CSRF token; a factor
// already in use can only be replaced or removed from a session that used it.
#include "hosted/acr.hpp"
#include "hosted/hosted_page.hpp"
#include "hosted/hosted_routes.hpp"
#include "hosted/second_factor_reset.hpp"
#include "hosted/sign_in_flow.hpp"

namespace sigid::hosted {
namespace {

using core::Error;
using core::ErrorCode;
using core::Result;
using http::Request;
using http::Response;

std::string mfaPath(const PageVisit& visit) { return "/t/" + visit.tenant.slug + "/account/mfa"; }

Response toLogin(const PageVisit& visit) {
  return Response::redirect("/t/" + visit.tenant.slug + "/login?return_to=" + http::urlEncode(mfaPath(visit)), 303);
}

core::Actor userActor(const Request& r, const std::string& subject) {
  return core::Actor{"user", subject, r.remote_address, r.request_id};
}

struct Signed {
  tenancy::Member member;
  SignInOption option;
  bool set_up = false;
};

// The signed-in member and the second-factor method a form names.
Result<Signed> signedMember(HostedContext& ctx, PageVisit& visit, const std::string& plugin_id) {
  SIGID_TRY(auto member, ctx.users.findByUserId(visit.tenant, visit.session->user_id));
  if (!member || member->status != tenancy::MembershipStatus::Active)
    return Error(ErrorCode::Forbidden, "Your access to this organisation is suspended.");
  SIGID_TRY(auto options, ctx.methods.secondFactors(visit.tenant));
  for (auto& option : options) {
    if (option.plugin_id != plugin_id) continue;
    SIGID_TRY(bool set_up, hasSecondFactor(ctx.methods, visit.tenant, option, member->subject));
    return Signed{std::move(*member), std::move(option), set_up};
  }
  return Error::notFound("That two-step sign-in method is not available.");
}

// Replacing or removing a factor in use needs a session that proved it: a
// session from before it was set up (or a stolen password) must not undo it.
Result<void> requireSecondFactorSession(const PageVisit& visit, const Signed& s) {
  if (s.set_up && !acrSatisfies(visit.session->acr, kAcrMfa))
    return Error(ErrorCode::Forbidden, "Sign out, then sign in again with your current " +
                                           s.option.description.display_name + " code to change it.");
  return core::success();
}

Result<Response> showMfa(HostedContext& ctx, Request& r) {
  SIGID_TRY(PageVisit visit, beginVisit(ctx, r));
  if (!visit.session) return toLogin(visit);
  SIGID_TRY(auto member, ctx.users.findByUserId(visit.tenant, visit.session->user_id));
  SIGID_TRY(auto options, ctx.methods.secondFactors(visit.tenant));
  PageData list{PageData::type::list};
  for (const auto& option : options) {
    PageData m;
    m.set("plugin_id", option.plugin_id);
    m.set("name", option.description.display_name);
    SIGID_TRY(bool set_up, hasSecondFactor(ctx.methods, visit.tenant, option, member ? member->subject : ""));
    m.set("set_up", set_up);
    list.push_back(m);
  }
  PageData data;
  data.set("email", member ? member->email : std::string());
  if (!options.empty()) data.set("methods", list);
  for (auto& [k, v] : r.queryParams()) {
    if (k != "notice") continue;
    if (v == "enabled") data.set("notice", "Two-step sign-in is on. You will be asked for a code when you sign in.");
    if (v == "removed") data.set("notice", "The authenticator was removed.");
  }
  return page(ctx, visit, 200, "mfa", "Two-step sign-in", data);
}

Result<Response> startEnrolment(HostedContext& ctx, Request& r) {
  SIGID_TRY(PageVisit visit, beginVisit(ctx, r));
  SIGID_TRY(auto form, readForm(r));
  SIGID_CHECK(checkCsrf(ctx, visit, form));
  if (!visit.session) return toLogin(visit);
  SIGID_TRY(Signed s, signedMember(ctx, visit, form["method"]));
  SIGID_CHECK(requireSecondFactorSession(visit, s));
  SIGID_TRY(sdk::Enrolment enrolment,
            ctx.methods.enrol(visit.tenant, s.option.plugin_id, s.member.subject, {},
                              {{"issuer", brandingFor(visit.tenant).display_name}, {"label", s.member.email}}));
  PageData data;
  data.set("plugin_id", s.option.plugin_id);
  data.set("name", s.option.description.display_name);
  // Shown once: this response is no-store and the secret is kept only sealed.
  if (auto it = enrolment.display.find("secret"); it != enrolment.display.end()) data.set("secret", it->second);
  if (auto it = enrolment.display.find("otpauth_uri"); it != enrolment.display.end()) data.set("uri", it->second);
  return page(ctx, visit, 200, "mfa_enrol", "Set up two-step sign-in", data);
}

Result<Response> confirmEnrolment(HostedContext& ctx, Request& r) {
  SIGID_TRY(PageVisit visit, beginVisit(ctx, r));
  SIGID_TRY(auto form, readForm(r));
  SIGID_CHECK(checkCsrf(ctx, visit, form));
  if (!visit.session) return toLogin(visit);
  SIGID_TRY(Signed s, signedMember(ctx, visit, form["method"]));
  SIGID_CHECK(requireSecondFactorSession(visit, s));
  auto confirmed = ctx.methods.enrol(visit.tenant, s.option.plugin_id, s.member.subject, {{"code", form["code"]}}, {});
  if (!confirmed && confirmed.error().code() == ErrorCode::AccessDenied) {
    // The secret is not shown again; the app the user just set up still has it.
    PageData data;
    data.set("plugin_id", s.option.plugin_id);
    data.set("name", s.option.description.display_name);
    data.set("error", asSentence(confirmed.error().description()) + " Enter the code the app shows now.");
    return page(ctx, visit, 400, "mfa_enrol", "Set up two-step sign-in", data);
  }
  if (!confirmed) return std::move(confirmed).error();
  SIGID_CHECK(ctx.sign_in_audit.mfaEnrolled(userActor(r, s.member.subject), visit.tenant, s.member.subject,
                                            s.option.description.method_id));
  return Response::redirect(mfaPath(visit) + "?notice=enabled", 303);
}

Result<Response> removeFactor(HostedContext& ctx, Request& r) {
  SIGID_TRY(PageVisit visit, beginVisit(ctx, r));
  SIGID_TRY(auto form, readForm(r));
  SIGID_CHECK(checkCsrf(ctx, visit, form));
  if (!visit.session) return toLogin(visit);
  SIGID_TRY(Signed s, signedMember(ctx, visit, form["method"]));
  if (!s.set_up) return Error::notFound("There is no authenticator to remove.");
  SIGID_CHECK(requireSecondFactorSession(visit, s));
  SIGID_CHECK(ctx.methods.removeCredential(visit.tenant, s.option.plugin_id, s.member.subject));
  SIGID_CHECK(ctx.sign_in_audit.mfaRemoved(userActor(r, s.member.subject), visit.tenant, s.member.subject,
                                           s.option.description.method_id));
  return Response::redirect(mfaPath(visit) + "?notice=removed", 303);
}

}  // namespace

void addMfaRoutes(http::Router& router, HostedContext& ctx) {
  router.add("GET", "/t/{slug}/account/mfa", hostedHandler(ctx, [&ctx](Request& r) { return showMfa(ctx, r); }));
  router.add("POST", "/t/{slug}/account/mfa/enrol",
             hostedHandler(ctx, [&ctx](Request& r) { return startEnrolment(ctx, r); }));
  router.add("POST", "/t/{slug}/account/mfa/confirm",
             hostedHandler(ctx, [&ctx](Request& r) { return confirmEnrolment(ctx, r); }));
  router.add("POST", "/t/{slug}/account/mfa/remove",
             hostedHandler(ctx, [&ctx](Request& r) { return removeFactor(ctx, r); }));
}

}  // namespace sigid::hosted
