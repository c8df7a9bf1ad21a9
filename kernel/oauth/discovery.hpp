#pragma once

#include <string>

namespace sigid::oauth {

// Metadata documents for one tenant, as JSON. Every URL is derived from
// `issuer` (itself from http.public_base_url), never from request headers, so
// a forged Host or X-Forwarded-* cannot change a byte. Both advertise only
// what is implemented.

// RFC 8414 §2 authorization server metadata (/.well-known/oauth-authorization-server).
std::string authorizationServerMetadata(const std::string& issuer);

// OIDC Discovery 1.0 §3 OpenID Provider metadata
// (/.well-known/openid-configuration): the RFC 8414 members plus every
// REQUIRED OIDC one (subject_types_supported: pairwise, DESIGN.md §3;
// id_token_signing_alg_values_supported includes RS256, which OIDC Core §15.1
// requires every OP to support) and userinfo / end_session endpoints.
std::string openIdConfiguration(const std::string& issuer);

}  // namespace sigid::oauth
