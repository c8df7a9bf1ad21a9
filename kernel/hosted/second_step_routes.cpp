// The code page's form: the second factor of a two-step sign-in.
#include "hosted/acr.hpp"
#include "hosted/hosted_page.hpp"
#include "hosted/hosted_routes.hpp"
#include "hosted/login_page.hpp"
#include "hosted/sign_in_flow.hpp"

namespace sigid::hosted {
namespace {

using core::Error;
using core::ErrorCode;
using core::Result;
using http::Request;
using http::Response;

constexpr const char* kExpired = "That sign-in took too long or was already finished. Sign in again.";

std::vector<std::string> combinedAmr(const std::vector<std::string>& first, const std::vector<std::string>& second) {
  std::vector<std::string> out = first;
  for (const auto& value : second) {
    if (std::find(out.begin(), out.end(), value) == out.end()) out.push_back(value);
  }
  // RFC 8176 §2 "mfa": more than one factor was used.
  if (std::find(out.begin(), out.end(), "mfa") == out.end()) out.emplace_back("mfa");
  return out;
}

Result<Response> submitCode(HostedContext& ctx, Request& r) {
  SIGID_TRY(PageVisit visit, beginVisit(ctx, r));
  SIGID_TRY(auto form, readForm(r));
  SIGID_CHECK(checkCsrf(ctx, visit, form));
  const tenancy::Tenant& tenant = visit.tenant;
  const std::string token = form["step"];
  SIGID_TRY(auto step, ctx.second_steps.find(tenant, visit.csrf_cookie, token));
  if (!step) return loginPage(ctx, visit, 400, "", kExpired, "", "");

  SIGID_TRY(std::int64_t locked_for, ctx.lockout.lockedFor(tenant, step->account, r.remote_address));
  if (locked_for > 0) {
    SIGID_CHECK(ctx.second_steps.finish(tenant, token));
    return loginPage(ctx, visit, 429, step->return_to,
                     "Too many failed attempts. Try again in " + std::to_string((locked_for + 59) / 60) + " minutes.",
                     "", "");
  }
  SIGID_TRY(auto member, ctx.users.findByUserId(tenant, step->user_id));
  if (!member || member->status != tenancy::MembershipStatus::Active) {
    SIGID_CHECK(ctx.second_steps.finish(tenant, token));
    return loginPage(ctx, visit, 403, step->return_to,
                     "Your access to " + brandingFor(tenant).display_name + " is suspended. Contact its administrators.",
                     "", "");
  }
  const std::string user_agent(r.header("user-agent").value_or("").substr(0, 512));
  sdk::SignInContext context{tenant.id.str(), member->subject, core::Uuid::v4().str(), r.remote_address, user_agent};
  auto verified = ctx.methods.answer(tenant, step->plugin_id, context, step->challenge_state, {{"code", form["code"]}});
  if (!verified) {
    const auto code = verified.error().code();
    if (code == ErrorCode::NotFound || code == ErrorCode::InvalidRequest) {
      // The method was disabled or the factor removed meanwhile: start over.
      SIGID_CHECK(ctx.second_steps.finish(tenant, token));
      return loginPage(ctx, visit, 400, step->return_to, kExpired, "", "");
    }
    if (code != ErrorCode::AccessDenied) return std::move(verified).error();
    // A wrong second factor counts like a wrong password: the lockout bounds guessing of 6-digit codes.
    SIGID_CHECK(ctx.lockout.recordFailure(tenant, step->account, r.remote_address));
    return codePage(ctx, visit, 401, token, step->plugin_id, step->return_to,
                    asSentence(verified.error().description()));
  }
  if (verified->subject_ref != member->subject)
    return Error::internal("sign-in method " + step->plugin_id + " verified a subject other than the one it was given");
  SIGID_TRY(bool won, ctx.second_steps.finish(tenant, token));
  if (!won) return loginPage(ctx, visit, 400, step->return_to, kExpired, "", "");
  return completeSignIn(ctx, visit, r, *member, step->account, combinedAmr(step->amr, verified->amr),
                        std::string(kAcrMfa), step->return_to, user_agent);
}

}  // namespace

void addSecondStepRoutes(http::Router& router, HostedContext& ctx) {
  router.add("POST", "/t/{slug}/login/code", hostedHandler(ctx, [&ctx](Request& r) { return submitCode(ctx, r); }));
}

}  // namespace sigid::hosted
