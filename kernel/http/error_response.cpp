#include "http/error_response.hpp"

#include "core/log.hpp"

namespace sigid::http {

namespace {

// RFC 6750 §3: error_description is limited to %x20-21 / %x23-5B / %x5D-7E, so
// quotes, backslashes, controls and non-ASCII bytes are dropped rather than
// escaped: a header value must never be able to end early or inject a line.
std::string headerSafe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte <= 0x7E && c != '"' && c != '\\') out += c;
  }
  return out;
}

std::string wwwAuthenticate(const core::Error& error) {
  switch (error.code()) {
    case core::ErrorCode::InvalidClient:
      return "Basic realm=\"sigid\"";  // RFC 6749 §5.2: the scheme the client should retry with
    case core::ErrorCode::InvalidToken: {
      std::string value = "Bearer realm=\"sigid\", error=\"invalid_token\"";
      const std::string description = headerSafe(error.description());
      if (!description.empty()) value += ", error_description=\"" + description + "\"";
      return value;
    }
    case core::ErrorCode::Unauthenticated:
      // RFC 6750 §3.1: a request without credentials gets no error code, only the challenge.
      return "Bearer realm=\"sigid\"";
    default:
      return {};
  }
}

}  // namespace

Response errorResponse(int status, std::string_view error, std::string_view description) {
  std::string body = "{\"error\":";
  core::appendJsonString(body, error);
  if (!description.empty()) {
    body += ",\"error_description\":";
    core::appendJsonString(body, description);
  }
  body += '}';
  Response response = Response::json(status, std::move(body));
  // RFC 6749 §5.1: error responses carry no-store like token responses do.
  response.setHeader("Cache-Control", "no-store");
  response.setHeader("Pragma", "no-cache");
  return response;
}

Response errorResponse(const core::Error& error) {
  const core::WireError wire = core::toWire(error.code());
  Response response = errorResponse(wire.status, wire.error, error.description());
  if (wire.status == 401) {
    if (std::string challenge = wwwAuthenticate(error); !challenge.empty()) {
      response.setHeader("WWW-Authenticate", std::move(challenge));
    }
  }
  return response;
}

Response methodNotAllowedResponse(const std::vector<std::string>& allowed) {
  Response response = errorResponse(core::Error(core::ErrorCode::MethodNotAllowed, "method not allowed on this path"));
  std::string allow;
  for (const std::string& method : allowed) {
    if (!allow.empty()) allow += ", ";
    allow += method;
  }
  response.setHeader("Allow", std::move(allow));
  return response;
}

}  // namespace sigid::http
