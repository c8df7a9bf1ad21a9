// TOTP (RFC 6238) second factor, shipped with SigID and loaded like any
// third-party plugin: it sees the kernel only through sdk::Host.
#include <memory>

#include "sigid/sdk/sdk.hpp"
#include "totp_method.hpp"

namespace {

using namespace sigid;

constexpr const char* kSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "display_name": {"type": "string", "minLength": 1, "maxLength": 60,
                     "description": "What the pages call this method (default Authenticator app)"},
    "issuer": {"type": "string", "minLength": 1, "maxLength": 60,
               "description": "The name authenticator apps show next to the code (default: the tenant's display name)"}
  }
})json";

class TotpFactory final : public sdk::SignInMethodFactory {
 public:
  sdk::Result<std::unique_ptr<sdk::SignInMethod>> create(const sdk::PluginConfig& config, sdk::Host& host) override {
    std::string issuer = config.string("/issuer").value_or("");
    // The issuer is the otpauth:// label prefix, where ':' separates it from the account.
    if (issuer.find(':') != std::string::npos)
      return sdk::Error(sdk::ErrorCode::InvalidConfig, "issuer must not contain ':'");
    return std::unique_ptr<sdk::SignInMethod>(std::make_unique<signin_totp::TotpMethod>(
        host, config.string("/display_name").value_or("Authenticator app"), std::move(issuer)));
  }
};

sdk::Result<void> registerFactories(sdk::Registrar& registrar) { return registrar.add(std::make_unique<TotpFactory>()); }

constexpr sdk::Manifest kManifest{
    .id = "io.sigid.signin-totp",
    .version = "1.0.0",
    .kinds = sdk::Kind::SignInMethod,
    .description = "Authenticator-app codes (TOTP, RFC 6238) as a second sign-in factor",
    .config_schema = kSchema,
};

}  // namespace

SIGID_PLUGIN(kManifest, registerFactories)
