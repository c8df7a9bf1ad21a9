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

// Length of the valid UTF-8 sequence starting at text[i] (1 for ASCII), or 0
// when there is none: overlong forms, surrogates and code points past
// U+10FFFF are invalid (RFC 3629 §3).
std::size_t utf8SequenceLength(std::string_view text, std::size_t i);
bool isValidUtf8(std::string_view text);

}  // namespace sigid::core
