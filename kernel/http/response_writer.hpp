#pragma once

#include <string>

#include "http/request.hpp"

namespace sigid::http {

// How the server frames one response on the wire.
struct ResponseFraming {
  bool head = false;        // a HEAD request: headers as for GET, no body (RFC 9110 §9.3.2)
  bool close = false;       // the connection closes after this response
  bool http10_keep_alive = false;  // an HTTP/1.0 client asked to keep the connection open
};

// Appends the HTTP/1.1 serialization of `response` to `out`: status line, a
// Date, the handler's headers, and the framing headers, which the server owns
// (a handler's Content-Length, Transfer-Encoding or Connection is ignored).
// The headers were validated by RequestPipeline::finish (no CR/LF injection).
void writeResponse(const Response& response, const ResponseFraming& framing, std::string& out);

// The "HTTP/1.1 100 Continue" interim response.
inline constexpr std::string_view kContinueResponse = "HTTP/1.1 100 Continue\r\n\r\n";

// The standard reason phrase for `status` ("OK", "Not Found"); "Status" when unknown.
std::string_view reasonPhrase(int status);

// The current time as an IMF-fixdate (RFC 9110 §5.6.7), recomputed once a second per thread.
std::string_view httpDateNow();

}  // namespace sigid::http
