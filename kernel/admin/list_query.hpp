#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/request.hpp"

namespace sigid::admin {

// ?limit=&cursor= of a paged list (cursor-based: stable under inserts).
struct ListQuery {
  std::size_t limit = 50;
  std::optional<std::string> cursor;
};
core::Result<ListQuery> listQuery(const http::Request& request);

// Times on the control plane are RFC 3339 UTC strings, as in tenant_json.
std::string rfc3339(std::int64_t epoch_seconds);
// Accepts "YYYY-MM-DDTHH:MM:SSZ" only: one unambiguous form, no offsets to misread.
std::optional<std::int64_t> parseRfc3339Utc(std::string_view text);

}  // namespace sigid::admin
