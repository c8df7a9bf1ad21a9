#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sigid::events {

// Webhook secrets look like "whsec_<base64 of 32 random bytes>" (Standard
// Webhooks): the base64 part, decoded, is the HMAC key.
inline constexpr std::string_view kWebhookSecretPrefix = "whsec_";

std::string newWebhookSecret();
// The HMAC key of a whsec_ secret; nullopt when it is not one.
std::optional<std::string> webhookSecretKey(std::string_view secret);

// "v1,<base64 HMAC-SHA256(key, id "." timestamp "." body)>" for each secret,
// space-separated: during a rotation's overlap both the new and the previous
// secret sign, so a receiver holding either verifies.
std::string webhookSignature(const std::vector<std::string>& secrets, std::string_view message_id,
                             std::int64_t timestamp_seconds, std::string_view body);

// The receiver's side (used by tests and documented in docs/webhooks.md): true
// when any v1 signature in `header` matches `secret` in constant time.
bool verifyWebhookSignature(std::string_view secret, std::string_view message_id, std::int64_t timestamp_seconds,
                            std::string_view body, std::string_view header);

}  // namespace sigid::events
