#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sigid::hosted {

// The authentication context classes SigID issues (OIDC Core §2 `acr`), in
// increasing strength. A session's acr satisfies any demand of its own level
// or below. Policies name them in step_up() (docs/policies.md) and clients in
// acr_values; discovery advertises exactly these.
inline constexpr std::string_view kAcrPassword = "urn:sigid:acr:pwd";  // one factor
inline constexpr std::string_view kAcrMfa = "urn:sigid:acr:mfa";       // two factors (RFC 8176 "mfa")

// 1 for kAcrPassword, 2 for kAcrMfa, 0 for anything SigID does not issue.
int acrLevel(std::string_view acr);
// The acr of a level (1 or 2; higher clamps to 2).
std::string acrForLevel(int level);
// True when a session at `session_acr` meets `required_acr` (an unknown
// requirement is met by nothing).
bool acrSatisfies(std::string_view session_acr, std::string_view required_acr);
// What a client's acr_values (space-separated, in order of preference, OIDC
// Core §3.1.2.1) demand: the weakest listed value SigID issues (any listed
// value would do), or nullopt when none is one of ours (then the request is
// answered at whatever level the session has, as OIDC allows).
std::optional<std::string> acrDemand(std::string_view acr_values);
// The stronger of two demands ("" is no demand; an unknown acr is strongest,
// so it is never silently lowered to one SigID can meet).
std::string strongerAcr(const std::string& a, const std::string& b);

}  // namespace sigid::hosted
