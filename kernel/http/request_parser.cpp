#include "http/request_parser.hpp"

#include <algorithm>
#include <vector>

namespace sigid::http {

namespace {

constexpr std::size_t kMaxChunkLine = 4096;  // chunk size plus extensions
constexpr std::size_t kMaxContentLengthDigits = 18;

bool isTokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isToken(std::string_view text) { return !text.empty() && std::all_of(text.begin(), text.end(), isTokenChar); }

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowered(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

std::string_view trimOws(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// RFC 9110 §5.5: field-value is VCHAR, SP, HTAB and obs-text. NUL, CR, LF and
// other controls are refused rather than passed to handlers.
bool isFieldValue(std::string_view value) {
  return std::all_of(value.begin(), value.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte == '\t' || (byte >= 0x20 && byte != 0x7F);
  });
}

// The comma-separated elements of every field named `name`, trimmed.
std::vector<std::string_view> listElements(const HeaderList& headers, std::string_view name) {
  std::vector<std::string_view> elements;
  for (const auto& [key, value] : headers) {
    if (key != name) continue;
    std::string_view rest = value;
    while (true) {
      const std::size_t comma = rest.find(',');
      const std::string_view element = trimOws(rest.substr(0, comma));
      if (!element.empty()) elements.push_back(element);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return elements;
}

bool containsToken(const std::vector<std::string_view>& elements, std::string_view token) {
  return std::any_of(elements.begin(), elements.end(), [&](std::string_view e) { return equalsIgnoreCase(e, token); });
}

// The end of the header section: the index just past the blank line, and
// where the blank line starts. Bare LF line ends are accepted (RFC 9112 §2.2).
std::optional<std::pair<std::size_t, std::size_t>> findHeadEnd(std::string_view data, std::size_t from) {
  for (std::size_t i = data.find('\n', from); i != std::string_view::npos; i = data.find('\n', i + 1)) {
    if (i + 1 < data.size() && data[i + 1] == '\n') return std::pair{i + 2, i + 1};
    if (i + 2 < data.size() && data[i + 1] == '\r' && data[i + 2] == '\n') return std::pair{i + 3, i + 1};
  }
  return std::nullopt;
}

}  // namespace

void splitRequestTarget(std::string_view target, Request& request) {
  if (const std::size_t hash = target.find('#'); hash != std::string_view::npos) target = target.substr(0, hash);
  if (!target.starts_with('/')) {
    const std::size_t scheme_end = target.find("://");
    if (scheme_end != std::string_view::npos) {
      const std::size_t path_start = target.find_first_of("/?", scheme_end + 3);
      target = path_start == std::string_view::npos ? std::string_view("/") : target.substr(path_start);
    }
  }
  const std::size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (request.path.empty() && question != std::string_view::npos) request.path = "/";
  request.query = question == std::string_view::npos ? std::string() : std::string(target.substr(question + 1));
}

void RequestParser::reset() {
  phase_ = Phase::Headers;
  request_ = Request{};
  failure_ = ParseFailure{};
  scanned_ = 0;
  remaining_ = 0;
  trailer_bytes_ = 0;
  expects_continue_ = false;
  keep_alive_ = true;
  http10_ = false;
}

RequestParser::Status RequestParser::fail(int status, std::string_view error, std::string description) {
  failure_ = ParseFailure{status, error, std::move(description)};
  keep_alive_ = false;
  return Status::Failed;
}

RequestParser::Status RequestParser::feed(std::string_view data, std::size_t& consumed) {
  consumed = 0;
  std::size_t pos = 0;
  if (phase_ == Phase::Headers) {
    // RFC 9112 §2.2: empty lines before the request line are ignored.
    while (pos < data.size() && (data[pos] == '\r' || data[pos] == '\n')) ++pos;
    consumed = pos;
    data.remove_prefix(pos);
    pos = 0;
    if (scanned_ >= consumed) scanned_ -= consumed;

    const std::size_t first_line_end = data.find('\n');
    if ((first_line_end == std::string_view::npos ? data.size() : first_line_end) > limits_.max_request_line) {
      return fail(414, "uri_too_long", "the request line is too long");
    }
    const auto end = findHeadEnd(data, scanned_ > 2 ? scanned_ - 2 : 0);
    if (!end) {
      if (data.size() > limits_.max_header_bytes) {
        return fail(431, "request_header_fields_too_large", "the request header section is too large");
      }
      scanned_ = data.size();
      return Status::NeedMore;
    }
    if (end->second > limits_.max_header_bytes) {
      return fail(431, "request_header_fields_too_large", "the request header section is too large");
    }
    if (Status status = parseHead(data.substr(0, end->second)); status == Status::Failed) return status;
    if (Status status = interpretFraming(); status == Status::Failed) return status;
    pos = end->first;
  }
  const Status status = feedBody(data, pos);
  consumed += pos;
  return status;
}

RequestParser::Status RequestParser::parseHead(std::string_view head) {
  bool first = true;
  std::size_t fields = 0;
  while (!head.empty()) {
    const std::size_t newline = head.find('\n');
    std::string_view line = head.substr(0, newline);
    head.remove_prefix(newline == std::string_view::npos ? head.size() : newline + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    // A bare CR could be read as a line end by something in front of us.
    if (line.find('\r') != std::string_view::npos) return fail(400, "invalid_request", "bare CR in the request head");
    if (first) {
      first = false;
      if (Status status = parseRequestLine(line); status == Status::Failed) return status;
      continue;
    }
    if (++fields > limits_.max_header_count) {
      return fail(431, "request_header_fields_too_large", "too many request header fields");
    }
    if (Status status = parseField(line); status == Status::Failed) return status;
  }
  return Status::NeedMore;
}

RequestParser::Status RequestParser::parseRequestLine(std::string_view line) {
  const std::size_t first_space = line.find(' ');
  const std::size_t last_space = line.rfind(' ');
  if (first_space == std::string_view::npos || first_space == last_space) {
    return fail(400, "invalid_request", "malformed request line");
  }
  const std::string_view method = line.substr(0, first_space);
  const std::string_view target = line.substr(first_space + 1, last_space - first_space - 1);
  const std::string_view version = line.substr(last_space + 1);
  if (!isToken(method)) return fail(400, "invalid_request", "malformed request method");
  const bool target_ok = !target.empty() && std::all_of(target.begin(), target.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte > 0x20 && byte < 0x7F;
  });
  if (!target_ok) return fail(400, "invalid_request", "malformed request target");
  if (version == "HTTP/1.1") {
    http10_ = false;
  } else if (version == "HTTP/1.0") {
    http10_ = true;
  } else if (version.size() == 8 && version.starts_with("HTTP/") && version[5] >= '0' && version[5] <= '9' &&
             version[6] == '.' && version[7] >= '0' && version[7] <= '9') {
    return fail(505, "http_version_not_supported", "only HTTP/1.1 and HTTP/1.0 are served here");
  } else {
    return fail(400, "invalid_request", "malformed HTTP version");
  }
  request_.method = std::string(method);
  splitRequestTarget(target, request_);
  return Status::NeedMore;
}

RequestParser::Status RequestParser::parseField(std::string_view line) {
  if (line.empty()) return Status::NeedMore;
  // RFC 9112 §5.2: obs-fold is refused, not unfolded.
  if (line.front() == ' ' || line.front() == '\t') return fail(400, "invalid_request", "folded header field");
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return fail(400, "invalid_request", "header field without a colon");
  // RFC 9112 §5.1: whitespace between name and colon must be refused.
  const std::string_view name = line.substr(0, colon);
  if (!isToken(name)) return fail(400, "invalid_request", "malformed header field name");
  const std::string_view value = trimOws(line.substr(colon + 1));
  if (!isFieldValue(value)) return fail(400, "invalid_request", "header field value with control characters");
  request_.headers.emplace_back(lowered(name), std::string(value));
  return Status::NeedMore;
}

RequestParser::Status RequestParser::interpretFraming() {
  const HeaderList& headers = request_.headers;
  const std::size_t hosts = request_.headerCount("host");
  // RFC 9112 §3.2: an HTTP/1.1 request without exactly one Host is a 400.
  if (hosts > 1 || (hosts == 0 && !http10_)) return fail(400, "invalid_request", "exactly one Host header is required");

  const auto connection = listElements(headers, "connection");
  keep_alive_ = http10_ ? containsToken(connection, "keep-alive") : !containsToken(connection, "close");
  if (!http10_) {
    const auto expect = listElements(headers, "expect");
    expects_continue_ = containsToken(expect, "100-continue");
  }

  const auto codings = listElements(headers, "transfer-encoding");
  const bool has_length = request_.headerCount("content-length") > 0;
  if (request_.headerCount("transfer-encoding") > 0) {
    // RFC 9112 §6.1: both framings at once is how requests are smuggled.
    if (has_length) return fail(400, "invalid_request", "Content-Length together with Transfer-Encoding");
    if (http10_) return fail(400, "invalid_request", "Transfer-Encoding in an HTTP/1.0 request");
    if (codings.empty() || !equalsIgnoreCase(codings.back(), "chunked")) {
      return fail(400, "invalid_request", "the final transfer coding must be chunked");
    }
    if (codings.size() > 1) return fail(501, "not_implemented", "only the chunked transfer coding is supported");
    phase_ = Phase::ChunkSize;
    return Status::NeedMore;
  }
  if (has_length) {
    const auto lengths = listElements(headers, "content-length");
    if (lengths.empty()) return fail(400, "invalid_request", "empty Content-Length");
    for (std::string_view length : lengths) {
      const bool digits = !length.empty() && length.size() <= kMaxContentLengthDigits &&
                          std::all_of(length.begin(), length.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (!digits || length != lengths.front()) return fail(400, "invalid_request", "invalid Content-Length");
    }
    std::uint64_t declared = 0;
    for (char c : lengths.front()) declared = declared * 10 + static_cast<std::uint64_t>(c - '0');
    if (declared > limits_.max_body_bytes) return fail(413, "payload_too_large", "request body is too large");
    remaining_ = declared;
    phase_ = declared == 0 ? Phase::Done : Phase::FixedBody;
    if (phase_ == Phase::FixedBody) request_.body.reserve(static_cast<std::size_t>(declared));
    return Status::NeedMore;
  }
  // RFC 9112 §6.3: neither framing header means no body.
  phase_ = Phase::Done;
  return Status::NeedMore;
}

RequestParser::Status RequestParser::feedBody(std::string_view data, std::size_t& pos) {
  while (true) {
    const std::string_view rest = data.substr(pos);
    switch (phase_) {
      case Phase::Headers:
        return Status::NeedMore;
      case Phase::Done:
        return Status::Complete;
      case Phase::FixedBody:
      case Phase::ChunkData: {
        const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, rest.size()));
        request_.body.append(rest.substr(0, take));
        pos += take;
        remaining_ -= take;
        if (remaining_ > 0) return Status::NeedMore;
        phase_ = phase_ == Phase::FixedBody ? Phase::Done : Phase::ChunkDataEnd;
        break;
      }
      case Phase::ChunkDataEnd: {
        if (rest.empty()) return Status::NeedMore;
        if (rest[0] == '\n') {
          pos += 1;
        } else if (rest[0] == '\r') {
          if (rest.size() < 2) return Status::NeedMore;
          if (rest[1] != '\n') return fail(400, "invalid_request", "malformed chunk");
          pos += 2;
        } else {
          return fail(400, "invalid_request", "chunk longer than its size");
        }
        phase_ = Phase::ChunkSize;
        break;
      }
      case Phase::ChunkSize: {
        const std::size_t newline = rest.find('\n');
        if (newline == std::string_view::npos) {
          if (rest.size() > kMaxChunkLine) return fail(400, "invalid_request", "chunk size line too long");
          return Status::NeedMore;
        }
        if (newline > kMaxChunkLine) return fail(400, "invalid_request", "chunk size line too long");
        std::string_view line = rest.substr(0, newline);
        if (line.ends_with('\r')) line.remove_suffix(1);
        std::uint64_t size = 0;
        std::size_t digits = 0;
        for (; digits < line.size(); ++digits) {
          const char c = line[digits];
          int value = -1;
          if (c >= '0' && c <= '9') value = c - '0';
          if (c >= 'a' && c <= 'f') value = c - 'a' + 10;
          if (c >= 'A' && c <= 'F') value = c - 'A' + 10;
          if (value < 0) break;
          if (digits >= 15) return fail(413, "payload_too_large", "request body is too large");
          size = size * 16 + static_cast<std::uint64_t>(value);
        }
        const std::string_view extension = trimOws(line.substr(digits));
        if (digits == 0 || (!extension.empty() && extension.front() != ';')) {
          return fail(400, "invalid_request", "malformed chunk size");
        }
        if (size > limits_.max_body_bytes - request_.body.size()) {
          return fail(413, "payload_too_large", "request body is too large");
        }
        pos += newline + 1;
        remaining_ = size;
        phase_ = size == 0 ? Phase::Trailers : Phase::ChunkData;
        break;
      }
      case Phase::Trailers: {
        const std::size_t newline = rest.find('\n');
        const std::size_t line_bytes = newline == std::string_view::npos ? rest.size() : newline + 1;
        if (trailer_bytes_ + line_bytes > limits_.max_header_bytes) {
          return fail(431, "request_header_fields_too_large", "the request trailer section is too large");
        }
        if (newline == std::string_view::npos) return Status::NeedMore;
        // Trailer fields are read and dropped: nothing here may change how the
        // request was framed or authenticated after the fact.
        trailer_bytes_ += line_bytes;
        pos += line_bytes;
        const std::string_view line = rest.substr(0, newline);
        if (line.empty() || line == "\r") phase_ = Phase::Done;
        break;
      }
    }
  }
}

}  // namespace sigid::http
