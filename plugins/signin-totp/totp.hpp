#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace signin_totp {

// RFC 6238 with the parameters every authenticator app supports by default
// (and the only ones Google Authenticator honours): HMAC-SHA-1, 6 digits, 30 s.
inline constexpr std::int64_t kStepSeconds = 30;
inline constexpr int kDigits = 6;
// Steps either side of now that are still accepted: RFC 6238 §5.2 recommends
// at most one step of network delay / clock drift.
inline constexpr int kWindow = 1;

// The RFC 4226 HOTP value of `counter` under `key`, as `digits` decimal digits
// (zero-padded; 6 to 8). Sign-in uses kDigits; 8 is for RFC 6238's test vectors.
std::string hotp(std::string_view key, std::uint64_t counter, int digits = kDigits);
// The time step (T in RFC 6238 §4.2) of an epoch second.
std::int64_t timeStep(std::int64_t epoch_seconds);
// The step within now ± kWindow whose code is `code`, or nullopt. Every
// candidate is computed and compared in constant time, so the response time
// does not say how many leading digits matched or which step did.
std::optional<std::int64_t> matchingStep(std::string_view key, std::string_view code, std::int64_t epoch_seconds);

// RFC 4648 base32 without padding: what otpauth:// URIs carry.
std::string base32(std::string_view bytes);
// The provisioning URI authenticator apps read from a QR code (the Key Uri
// Format: otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=...).
std::string otpauthUri(std::string_view issuer, std::string_view account, std::string_view key);

// True when `code` is exactly kDigits ASCII digits.
bool wellFormedCode(std::string_view code);

}  // namespace signin_totp
