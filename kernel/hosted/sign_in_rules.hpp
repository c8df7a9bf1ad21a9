#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "tenancy/tenant.hpp"
#include "tenancy/user.hpp"

namespace sigid::hosted {

// A sign-in whose first factor just succeeded, before any session exists.
struct SignInFacts {
  const tenancy::Tenant& tenant;
  const tenancy::Member& member;
  std::vector<std::string> amr;  // what the first factor proved (RFC 8176)
  std::string acr;               // the level that alone reaches
  std::string return_to;         // where the browser goes next (an /authorize resume, often)
  std::string ip;
  std::string request_id;
};

// What must happen before the session is created.
struct SignInRuling {
  enum class Kind { Allow, Deny, StepUp } kind = Kind::Allow;
  std::string acr;  // StepUp: the acr the session must reach (acr.hpp; may be one SigID cannot issue)
};

// The `signin` attach point (DESIGN.md §7) plus what the authorization being
// signed in for demands (its client's acr_values). Implemented on the protocol
// side (oauth/authorize/sign_in_gate), which knows parked authorizations,
// clients and the policy engine; the hosted pages only act on the ruling.
class SignInRules {
 public:
  virtual ~SignInRules() = default;
  virtual core::Result<SignInRuling> evaluate(const SignInFacts& facts) = 0;
};

}  // namespace sigid::hosted
