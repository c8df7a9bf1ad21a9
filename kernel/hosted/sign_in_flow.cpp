#include "hosted/sign_in_flow.hpp"

#include <algorithm>
#include <cctype>

#include "core/ids.hpp"
#include "hosted/acr.hpp"
#include "hosted/login_page.hpp"

namespace sigid::hosted {

using core::Result;
using http::Response;

namespace {

core::Actor userActor(const http::Request& request, const std::string& subject) {
  return core::Actor{"user", subject, request.remote_address, request.request_id};
}

// 403: the sign-in needs more than this account can give.
Result<Response> cannotReach(HostedContext& ctx, PageVisit& visit, const std::string& message) {
  PageData data;
  data.set("message", message);
  return page(ctx, visit, 403, "mfa_required", "Two-step sign-in needed", data);
}

}  // namespace

Result<Response> afterFirstFactor(HostedContext& ctx, PageVisit& visit, const http::Request& request,
                                  const FirstFactor& first) {
  const tenancy::Tenant& tenant = visit.tenant;
  const tenancy::Member& member = first.member;
  const int first_level = std::clamp(first.verified.assurance_level, 1, 2);
  const std::string first_acr = acrForLevel(first_level);

  std::string required;
  if (tenant.settings.require_mfa) required = std::string(kAcrMfa);
  if (ctx.sign_in_rules) {
    SIGID_TRY(SignInRuling ruling,
              ctx.sign_in_rules->evaluate(SignInFacts{tenant, member, first.verified.amr, first_acr, first.return_to,
                                                      request.remote_address, request.request_id}));
    if (ruling.kind == SignInRuling::Kind::Deny) {
      SIGID_CHECK(ctx.sign_in_audit.refused(userActor(request, member.subject), tenant, member.subject, "policy"));
      return loginPage(ctx, visit, 403, first.return_to, kPolicyRefusal, "", first.typed_email);
    }
    if (ruling.kind == SignInRuling::Kind::StepUp) required = strongerAcr(required, ruling.acr);
  }
  if (!required.empty() && acrLevel(required) == 0) {
    SIGID_CHECK(ctx.sign_in_audit.refused(userActor(request, member.subject), tenant, member.subject,
                                          "acr_unsupported", required.substr(0, 200)));
    return cannotReach(ctx, visit, "This sign-in asks for a kind of authentication that is not available here. "
                                   "Contact the administrators.");
  }

  // Every user with a second factor set up uses it, whatever was demanded.
  if (first_level < 2) {
    sdk::SignInContext context{tenant.id.str(), member.subject, core::Uuid::v4().str(), request.remote_address,
                               first.user_agent};
    SIGID_TRY(auto factor, ctx.methods.secondFactorFor(tenant, context));
    if (factor) {
      SIGID_TRY(std::string token,
                ctx.second_steps.start(tenant, visit.csrf_cookie,
                                       SecondStep{member.user_id, first.account, first.verified.amr, required,
                                                  factor->option.plugin_id, factor->challenge.state, first.return_to}));
      return codePage(ctx, visit, 200, token, factor->option.plugin_id, first.return_to, "");
    }
  }
  if (!required.empty() && !acrSatisfies(first_acr, required)) {
    SIGID_CHECK(ctx.sign_in_audit.refused(userActor(request, member.subject), tenant, member.subject,
                                          "second_factor_missing"));
    return cannotReach(ctx, visit, "This sign-in needs a second step, such as a code from an authenticator app, "
                                   "and your account does not have one set up yet.");
  }
  return completeSignIn(ctx, visit, request, member, first.account, first.verified.amr, first_acr, first.return_to,
                        first.user_agent);
}

Result<Response> completeSignIn(HostedContext& ctx, PageVisit& visit, const http::Request& request,
                                const tenancy::Member& member, const std::string& account,
                                const std::vector<std::string>& amr, const std::string& acr,
                                const std::string& return_to, const std::string& user_agent) {
  SIGID_CHECK(ctx.lockout.recordSuccess(visit.tenant, account));
  SIGID_TRY(IssuedSession issued, ctx.sessions.create(visit.tenant, NewSession{member.user_id, member.subject, amr, acr,
                                                                               request.remote_address, user_agent}));
  return signedInRedirect(ctx, visit, issued.token, return_to);
}

std::string asSentence(std::string description) {
  if (description.empty()) return "Sign-in failed.";
  description[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(description[0])));
  return description + ".";
}

Result<Response> codePage(HostedContext& ctx, PageVisit& visit, int status, const std::string& step_token,
                          const std::string& plugin_id, const std::string& return_to, const std::string& error) {
  SIGID_TRY(auto factors, ctx.methods.secondFactors(visit.tenant));
  PageData data;
  data.set("step", step_token);
  // "Start again" keeps where the sign-in was going (an /authorize resume, often).
  data.set("restart", "/t/" + visit.tenant.slug + "/login?return_to=" + http::urlEncode(return_to));
  data.set("method_name", std::string("Authenticator app"));
  data.set("prompt", std::string("Enter the code your authenticator app shows for this account."));
  for (const auto& option : factors) {
    if (option.plugin_id != plugin_id) continue;
    data.set("method_name", option.description.display_name);
    if (!option.description.prompt.empty()) data.set("prompt", option.description.prompt);
  }
  if (!error.empty()) data.set("error", error);
  return page(ctx, visit, status, "code", "Two-step sign-in", data);
}

}  // namespace sigid::hosted
