#pragma once

#include <string_view>

#include "core/result.hpp"

namespace sigid::events {

// Which receiver URLs a subscription may name. Production: https only. Dev mode
// also allows http to loopback hosts (localhost, 127.0.0.0/8, ::1) for local
// receivers. Credentials in the URL, fragments and non-web schemes are refused
// everywhere. Where the URL finally connects is checked again at delivery time
// by the transport's SSRF guard (after DNS resolution).
struct WebhookUrlPolicy {
  bool allow_loopback_http = false;

  core::Result<void> check(std::string_view url) const;
};

}  // namespace sigid::events
