#pragma once

#include <string>
#include <string_view>

namespace sigid::core {

std::string sha256(std::string_view data);     // 32 raw bytes
std::string sha256Hex(std::string_view data);  // 64 lowercase hex digits
std::string hmacSha256(std::string_view key, std::string_view data);  // 32 raw bytes

// Constant time: the time taken must not reveal how long a matching prefix is.
bool constantTimeEquals(std::string_view a, std::string_view b);

}  // namespace sigid::core
