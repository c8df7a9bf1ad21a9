#include "core/page_cursor.hpp"

#include "core/encoding.hpp"
#include "core/ids.hpp"

namespace sigid::core {

std::string encodePageCursor(std::string_view last_id) { return base64UrlEncode(last_id); }

Result<std::optional<std::string>> decodePageCursor(const std::optional<std::string>& cursor) {
  if (!cursor) return std::optional<std::string>{};
  auto decoded = base64UrlDecode(*cursor);
  if (!decoded || !Uuid::parse(*decoded)) return Error::invalidRequest("cursor: not a cursor this API issued");
  return std::optional<std::string>{std::move(*decoded)};
}

}  // namespace sigid::core
