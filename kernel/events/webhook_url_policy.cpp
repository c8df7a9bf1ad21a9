#include "events/webhook_url_policy.hpp"

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace sigid::events {
namespace {

bool isLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.starts_with("127.");
}

}  // namespace

core::Result<void> WebhookUrlPolicy::check(std::string_view url) const {
  const core::Error bad = core::Error::invalidRequest(
      allow_loopback_http ? "url: expected an https:// URL (or http:// to a loopback host in dev mode)"
                          : "url: expected an https:// URL");
  if (url.empty() || url.size() > 2048) return bad;
  for (char ch : url)
    if (static_cast<unsigned char>(ch) <= ' ' || static_cast<unsigned char>(ch) >= 0x7f) return bad;
  try {
    Poco::URI uri{std::string(url)};
    if (uri.getHost().empty() || !uri.getUserInfo().empty() || !uri.getFragment().empty()) return bad;
    if (uri.getScheme() == "https") return core::success();
    if (uri.getScheme() == "http" && allow_loopback_http && isLoopbackHost(uri.getHost())) return core::success();
  } catch (const Poco::Exception&) {
  }
  return bad;
}

}  // namespace sigid::events
