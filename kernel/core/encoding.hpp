#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sigid::core {

std::string base64UrlEncode(std::string_view bytes);            // RFC 4648 §5, no padding
std::optional<std::string> base64UrlDecode(std::string_view text);
std::string base64Encode(std::string_view bytes);               // RFC 4648 §4, padded
std::optional<std::string> base64Decode(std::string_view text);
std::string hexEncode(std::string_view bytes);
std::optional<std::string> hexDecode(std::string_view text);

}  // namespace sigid::core
