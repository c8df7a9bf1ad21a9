#include "events/webhook_signer.hpp"

#include "core/encoding.hpp"
#include "core/hashing.hpp"
#include "core/random.hpp"

namespace sigid::events {
namespace {

std::string signOne(std::string_view key, std::string_view message_id, std::int64_t timestamp, std::string_view body) {
  std::string content;
  content.reserve(message_id.size() + body.size() + 24);
  content.append(message_id).append(".").append(std::to_string(timestamp)).append(".").append(body);
  return core::base64Encode(core::hmacSha256(key, content));
}

}  // namespace

std::string newWebhookSecret() {
  return std::string(kWebhookSecretPrefix) + core::base64Encode(core::randomBytes(32));
}

std::optional<std::string> webhookSecretKey(std::string_view secret) {
  if (!secret.starts_with(kWebhookSecretPrefix)) return std::nullopt;
  auto key = core::base64Decode(secret.substr(kWebhookSecretPrefix.size()));
  if (!key || key->size() < 24 || key->size() > 64) return std::nullopt;
  return key;
}

std::string webhookSignature(const std::vector<std::string>& secrets, std::string_view message_id,
                             std::int64_t timestamp_seconds, std::string_view body) {
  std::string header;
  for (const auto& secret : secrets) {
    auto key = webhookSecretKey(secret);
    if (!key) continue;
    if (!header.empty()) header.push_back(' ');
    header += "v1," + signOne(*key, message_id, timestamp_seconds, body);
  }
  return header;
}

bool verifyWebhookSignature(std::string_view secret, std::string_view message_id, std::int64_t timestamp_seconds,
                            std::string_view body, std::string_view header) {
  auto key = webhookSecretKey(secret);
  if (!key) return false;
  const std::string expected = signOne(*key, message_id, timestamp_seconds, body);
  bool matched = false;
  while (!header.empty()) {
    auto space = header.find(' ');
    std::string_view one = header.substr(0, space);
    if (one.starts_with("v1,") && core::constantTimeEquals(one.substr(3), expected)) matched = true;
    if (space == std::string_view::npos) break;
    header.remove_prefix(space + 1);
  }
  return matched;
}

}  // namespace sigid::events
