#pragma once

#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/result.hpp"
#include "hosted/sign_in_audit.hpp"
#include "hosted/sign_in_methods.hpp"
#include "tenancy/tenant.hpp"

namespace sigid::hosted {

// Whether the subject has set up this second-factor method: its begin() gives a challenge.
core::Result<bool> hasSecondFactor(SignInMethods& methods, const tenancy::Tenant& tenant, const SignInOption& option,
                                   const std::string& subject);

// An administrator's answer to a lost authenticator: removes the subject's
// credentials of every second-factor method the tenant has enabled, and
// records user.mfa_removed (with the administrator as actor) for each method
// that had one. Returns those methods' ids; empty when there was nothing to
// remove (calling it again is harmless). The user then sets up a new factor
// from the account pages after signing in with the first factor alone, so a
// tenant that requires MFA should pair this with a policy exemption or expect
// the user to be refused until then (docs/hosted-pages.md).
core::Result<std::vector<std::string>> resetSecondFactors(SignInMethods& methods, SignInAudit& audit,
                                                          const core::Actor& actor, const tenancy::Tenant& tenant,
                                                          const std::string& subject);

}  // namespace sigid::hosted
