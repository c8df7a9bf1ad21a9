#pragma once

#include <cstddef>

#include "core/result.hpp"
#include "plugins/ssrf_guard.hpp"
#include "sigid/sdk/host.hpp"

namespace sigid::plugins {

struct OutboundHttpOptions {
  std::size_t max_response_bytes = 1024 * 1024;  // a plugin call never buffers more than this
};

// The HTTP(S) client behind sdk::Host::http. Resolves the host itself, checks
// every address it resolves to with the SsrfGuard, and connects to the checked
// address: a DNS answer that changes between the check and the connection
// (rebinding) cannot redirect the request. HTTPS verifies the certificate
// against the host name. Redirects are not followed: a 3xx is returned as is,
// so a public URL cannot bounce a request into the internal network.
class OutboundHttpClient {
 public:
  OutboundHttpClient(SsrfGuard guard, OutboundHttpOptions options = {});
  ~OutboundHttpClient();
  OutboundHttpClient(const OutboundHttpClient&) = delete;
  OutboundHttpClient& operator=(const OutboundHttpClient&) = delete;

  // InvalidRequest for a bad URL, AccessDenied for a refused address,
  // Unavailable for DNS, connection, TLS and timeout failures.
  core::Result<sdk::HttpResponse> send(const sdk::HttpRequest& request) const;

 private:
  SsrfGuard guard_;
  OutboundHttpOptions options_;
};

}  // namespace sigid::plugins
