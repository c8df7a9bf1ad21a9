#pragma once

#include <memory>
#include <string>

#include "sigid/sdk/host.hpp"
#include "sigid/sdk/manifest.hpp"
#include "sigid/sdk/plugin_config.hpp"
#include "sigid/sdk/result.hpp"

namespace sigid::sdk {

struct WalletKeyRequest {
  std::string owner_ref;  // the agent or subject the key belongs to
  std::string algorithm;  // e.g. "secp256k1", "ed25519"
  std::string label;
};

// Public facts about a key. Private key material never leaves the backend:
// there is no operation that returns it.
struct WalletKey {
  std::string key_id;
  std::string address;     // chain address, when the algorithm has one
  std::string public_key;  // encoded as the algorithm's convention (hex or base64url)
  std::string algorithm;
};

struct SignRequest {
  std::string key_id;
  std::string payload;   // raw bytes to sign
  std::string encoding;  // how the backend should treat it, e.g. "raw", "eip191", "eip712"
};

struct WalletSignature {
  std::string signature;  // raw bytes
  std::string algorithm;
};

class WalletBackend {
 public:
  virtual ~WalletBackend() = default;
  virtual Result<WalletKey> createKey(const WalletKeyRequest& request) = 0;
  virtual Result<WalletKey> publicKey(const std::string& key_id) = 0;
  virtual Result<WalletSignature> sign(const SignRequest& request) = 0;
};

class WalletBackendFactory {
 public:
  static constexpr Kind kKind = Kind::WalletBackend;
  virtual ~WalletBackendFactory() = default;
  virtual Result<std::unique_ptr<WalletBackend>> create(const PluginConfig& config, Host& host) = 0;
};

}  // namespace sigid::sdk
