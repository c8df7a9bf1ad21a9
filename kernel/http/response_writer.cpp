#include "http/response_writer.hpp"

#include <array>
#include <chrono>
#include <ctime>

namespace sigid::http {

namespace {

bool isFramingHeader(std::string_view name) {
  return equalsIgnoreCase(name, "content-length") || equalsIgnoreCase(name, "transfer-encoding") ||
         equalsIgnoreCase(name, "connection") || equalsIgnoreCase(name, "date");
}

// RFC 9110 §6.4.1: these never carry content, so they carry no Content-Length either.
bool hasNoContent(int status) { return (status >= 100 && status < 200) || status == 204 || status == 304; }

void appendNumber(std::string& out, std::size_t value) {
  char digits[24];
  std::size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0);
  while (n > 0) out += digits[--n];
}

}  // namespace

std::string_view reasonPhrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Status";
  }
}

std::string_view httpDateNow() {
  // Locale-independent names: strftime's %a and %b follow LC_TIME.
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  thread_local std::time_t cached_second = -1;
  thread_local char text[32];
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  if (now != cached_second) {
    std::tm parts{};
    gmtime_r(&now, &parts);
    std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[static_cast<std::size_t>(parts.tm_wday)],
                  parts.tm_mday, kMonths[static_cast<std::size_t>(parts.tm_mon)], parts.tm_year + 1900, parts.tm_hour,
                  parts.tm_min, parts.tm_sec);
    cached_second = now;
  }
  return text;
}

void writeResponse(const Response& response, const ResponseFraming& framing, std::string& out) {
  std::size_t estimate = 128 + response.body.size();
  for (const auto& [name, value] : response.headers) estimate += name.size() + value.size() + 4;
  out.reserve(out.size() + estimate);

  out += "HTTP/1.1 ";
  appendNumber(out, static_cast<std::size_t>(response.status));
  out += ' ';
  out += reasonPhrase(response.status);
  out += "\r\nDate: ";
  out += httpDateNow();
  out += "\r\n";
  for (const auto& [name, value] : response.headers) {
    if (isFramingHeader(name)) continue;
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  const bool no_content = hasNoContent(response.status);
  if (!no_content) {
    out += "Content-Length: ";
    appendNumber(out, response.body.size());
    out += "\r\n";
  }
  if (framing.close) {
    out += "Connection: close\r\n";
  } else if (framing.http10_keep_alive) {
    out += "Connection: keep-alive\r\n";
  }
  out += "\r\n";
  if (!framing.head && !no_content) out += response.body;
}

}  // namespace sigid::http
