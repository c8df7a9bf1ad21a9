#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "http/request.hpp"

namespace sigid::http {

// The one rendering of an Error on the wire: {"error", "error_description"} with
// the status from core::toWire. Adds WWW-Authenticate for 401s (RFC 6750 §3 /
// RFC 6749 §5.2) and Cache-Control: no-store. The Error's detail is never
// rendered: whoever holds the logger logs it (the server does, with the request id).
Response errorResponse(const core::Error& error);

// An error the HTTP layer itself answers (a malformed request, 414, 431, 505):
// the same JSON shape with a status and code of its own.
Response errorResponse(int status, std::string_view error, std::string_view description);

// 405 with the Allow header (RFC 9110 §15.5.6) listing `allowed`.
Response methodNotAllowedResponse(const std::vector<std::string>& allowed);

}  // namespace sigid::http
