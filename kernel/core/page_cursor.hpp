#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace sigid::core {

// Cursors of paged lists: the last id of a page (a UUIDv7, so ids sort in
// creation order), base64url-encoded so that clients treat them as opaque.
std::string encodePageCursor(std::string_view last_id);

// The id inside a cursor (nullopt when there is none). A cursor this API did
// not issue is InvalidRequest, the same for every list endpoint.
Result<std::optional<std::string>> decodePageCursor(const std::optional<std::string>& cursor);

}  // namespace sigid::core
