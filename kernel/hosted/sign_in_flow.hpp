#pragma once

#include <string>
#include <vector>

#include "hosted/hosted_page.hpp"
#include "tenancy/user.hpp"

namespace sigid::hosted {

// A first factor that just succeeded for an active member.
struct FirstFactor {
  tenancy::Member member;
  std::string account;  // the normalised e-mail (lockout key)
  sdk::VerifiedSubject verified;
  std::string return_to;  // already passed safeReturnPath
  std::string user_agent;
  std::string typed_email;  // to refill the login form after a refusal
};

// What follows a first factor (docs/hosted-pages.md "Two-step sign-in"): the
// `signin` rules (policy deny: the login page refuses; step_up: a second
// factor), then the code page when the user has a second factor set up or a
// stronger acr is required, else the session. A required acr the user cannot
// reach ends in a page that says so, never in a weaker session.
core::Result<http::Response> afterFirstFactor(HostedContext& ctx, PageVisit& visit, const http::Request& request,
                                              const FirstFactor& first);

// The end of every successful sign-in: the lockout counter cleared, the
// session created with what was proved, and the browser sent on.
core::Result<http::Response> completeSignIn(HostedContext& ctx, PageVisit& visit, const http::Request& request,
                                            const tenancy::Member& member, const std::string& account,
                                            const std::vector<std::string>& amr, const std::string& acr,
                                            const std::string& return_to, const std::string& user_agent);

// The code page of a second step.
core::Result<http::Response> codePage(HostedContext& ctx, PageVisit& visit, int status, const std::string& step_token,
                                      const std::string& plugin_id, const std::string& return_to,
                                      const std::string& error);

// A method's refusal ("the code is not valid") as a sentence for a page.
std::string asSentence(std::string description);

// The same message for every refusal by policy: which rule refused is for the
// tenant's admins (audit, explain), not for whoever is signing in.
inline constexpr const char* kPolicyRefusal =
    "You cannot sign in here right now. If you think this is a mistake, contact the administrators.";

}  // namespace sigid::hosted
