#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sigid/sdk/host.hpp"
#include "sigid/sdk/manifest.hpp"
#include "sigid/sdk/plugin_config.hpp"
#include "sigid/sdk/result.hpp"

namespace sigid::sdk {

// One SSO connection of the tenant (an upstream IdP), its settings already validated.
struct SsoConnection {
  std::string connection_id;
  std::map<std::string, std::string> settings;  // e.g. issuer, client_id (secrets come from PluginConfig)
};

struct SsoRedirectRequest {
  std::string state;  // the kernel checks it on the callback
  std::string nonce;
  std::string redirect_uri;
  std::string code_challenge;  // PKCE S256, when the upstream supports it
  std::string login_hint;
};

struct SsoRedirect {
  std::string url;
};

struct SsoCallback {
  std::map<std::string, std::string> params;  // query or form parameters
  std::string expected_state;
  std::string expected_nonce;
  std::string redirect_uri;
  std::string code_verifier;
};

struct ExternalIdentity {
  std::string subject;  // stable at the upstream
  std::string email;
  bool email_verified = false;
  std::string display_name;
  std::vector<std::string> groups;
};

class SsoProvider {
 public:
  virtual ~SsoProvider() = default;
  virtual Result<SsoRedirect> buildRedirect(const SsoConnection& connection, const SsoRedirectRequest& request) = 0;
  virtual Result<ExternalIdentity> handleCallback(const SsoConnection& connection, const SsoCallback& callback) = 0;
};

class SsoProviderFactory {
 public:
  static constexpr Kind kKind = Kind::SsoProvider;
  virtual ~SsoProviderFactory() = default;
  virtual Result<std::unique_ptr<SsoProvider>> create(const PluginConfig& config, Host& host) = 0;
};

}  // namespace sigid::sdk
