#pragma once

#include <optional>

#include "core/result.hpp"
#include "http/request.hpp"
#include "oauth/client_authentication.hpp"
#include "oauth/endpoints/oauth_form.hpp"

namespace sigid::oauth {

// Reads client credentials from a protocol request: HTTP Basic (RFC 6749
// §2.3.1: client id and secret are each form-urlencoded, then joined with ':'
// and base64-encoded, so both layers are decoded here) or client_id +
// client_secret in the body. nullopt when the request carries none.
// invalid_request when it uses both methods (§2.3: "MUST NOT use more than one
// authentication method"), or when a body client_id contradicts the Basic one;
// invalid_client when the Basic header is malformed.
core::Result<std::optional<ClientCredentials>> parseClientCredentials(const http::Request& request,
                                                                      const OAuthForm& form);

}  // namespace sigid::oauth
