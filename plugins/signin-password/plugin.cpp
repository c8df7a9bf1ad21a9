// Password sign-in, shipped with SigID and loaded like any third-party plugin:
// it sees the kernel only through sdk::Host.
#include <memory>

#include "password_method.hpp"
#include "sigid/sdk/sdk.hpp"

namespace {

using namespace sigid;

// Costs are bounded so a tenant cannot configure a hash that exhausts the
// server's memory (4 GiB) or time; the floor is RFC 9106's smallest sane setting.
constexpr const char* kSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "memory_kib": {"type": "integer", "minimum": 1024, "maximum": 1048576,
                   "description": "argon2id memory cost in KiB (default 19456)"},
    "iterations": {"type": "integer", "minimum": 1, "maximum": 10,
                   "description": "argon2id passes (default 2)"},
    "parallelism": {"type": "integer", "minimum": 1, "maximum": 8,
                    "description": "argon2id lanes (default 1)"},
    "display_name": {"type": "string", "minLength": 1, "maxLength": 60,
                     "description": "What the login page calls this method (default Password)"}
  }
})json";

class PasswordFactory final : public sdk::SignInMethodFactory {
 public:
  sdk::Result<std::unique_ptr<sdk::SignInMethod>> create(const sdk::PluginConfig& config, sdk::Host& host) override {
    signin_password::Argon2Params params;
    params.memory_kib = static_cast<std::uint32_t>(config.integer("/memory_kib").value_or(params.memory_kib));
    params.iterations = static_cast<std::uint32_t>(config.integer("/iterations").value_or(params.iterations));
    params.parallelism = static_cast<std::uint32_t>(config.integer("/parallelism").value_or(params.parallelism));
    // argon2 needs at least 8 KiB per lane.
    if (params.memory_kib < 8 * params.parallelism)
      return sdk::Error(sdk::ErrorCode::InvalidConfig, "memory_kib must be at least 8 per lane of parallelism");
    return std::unique_ptr<sdk::SignInMethod>(std::make_unique<signin_password::PasswordMethod>(
        host, params, config.string("/display_name").value_or("Password")));
  }
};

sdk::Result<void> registerFactories(sdk::Registrar& registrar) {
  return registrar.add(std::make_unique<PasswordFactory>());
}

constexpr sdk::Manifest kManifest{
    .id = "io.sigid.signin-password",
    .version = "1.0.0",
    .kinds = sdk::Kind::SignInMethod,
    .description = "E-mail and password sign-in with argon2id hashes",
    .config_schema = kSchema,
};

}  // namespace

SIGID_PLUGIN(kManifest, registerFactories)
