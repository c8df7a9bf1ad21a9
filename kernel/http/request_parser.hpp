#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/request.hpp"

namespace sigid::http {

// Bounds on what one request may make the server hold. Past them the request
// is refused with the status RFC 9112 names (414, 431, 413) before more is read.
struct RequestLimits {
  std::size_t max_request_line = 8 * 1024;
  std::size_t max_header_bytes = 32 * 1024;  // request line, fields and trailers together
  std::size_t max_header_count = 100;
  std::size_t max_body_bytes = 1024 * 1024;
};

// Why a request could not be parsed: the status to answer with and the JSON
// error. After a refusal the connection is closed: its framing is unknown.
struct ParseFailure {
  int status = 400;
  std::string_view error = "invalid_request";
  std::string description;
};

// An incremental HTTP/1.1 request parser (RFC 9112) over a connection's input
// buffer. feed() is called with everything buffered so far and says how many
// bytes it consumed; the caller drops those and keeps the rest for the next
// call (pipelined requests stay in the buffer). Strict where leniency enables
// request smuggling: Content-Length with Transfer-Encoding, obs-fold, bare CR,
// whitespace before a colon, conflicting lengths are all refused.
class RequestParser {
 public:
  enum class Status { NeedMore, Complete, Failed };

  explicit RequestParser(RequestLimits limits) : limits_(limits) {}

  // Parses from the start of `data`; `consumed` is set to the bytes used.
  Status feed(std::string_view data, std::size_t& consumed);

  // The parsed request (method, path, query, headers, body). Valid once
  // feed() returned Complete, and (without the body) once headersDone().
  Request& request() { return request_; }
  const ParseFailure& failure() const { return failure_; }

  bool headersDone() const { return phase_ != Phase::Headers; }
  // The client asked for "100 Continue" before sending its body (RFC 9110 §10.1.1).
  bool expectsContinue() const { return expects_continue_; }
  // HTTP/1.1 unless "Connection: close"; HTTP/1.0 only with "Connection: keep-alive".
  bool keepAlive() const { return keep_alive_; }
  bool http10() const { return http10_; }
  // Bytes of request body that the client may still be sending when a request
  // is refused: the server drains them before closing (lingering close).
  bool bodyPending() const { return phase_ != Phase::Headers && phase_ != Phase::Done; }

  // Ready for the next request on the same connection.
  void reset();

 private:
  enum class Phase { Headers, FixedBody, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Done };

  Status fail(int status, std::string_view error, std::string description);
  Status parseHead(std::string_view head);
  Status parseRequestLine(std::string_view line);
  Status parseField(std::string_view line);
  Status interpretFraming();
  Status feedBody(std::string_view data, std::size_t& pos);

  RequestLimits limits_;
  Phase phase_ = Phase::Headers;
  Request request_;
  ParseFailure failure_;
  std::size_t scanned_ = 0;       // header bytes already searched for the blank line
  std::uint64_t remaining_ = 0;   // body bytes left (fixed length) or in the current chunk
  std::size_t trailer_bytes_ = 0;
  bool expects_continue_ = false;
  bool keep_alive_ = true;
  bool http10_ = false;
};

// Splits a request-target into raw path and query. Absolute-form
// ("http://host/p?q", RFC 9112 §3.2.2) is reduced to its path.
void splitRequestTarget(std::string_view target, Request& request);

}  // namespace sigid::http
