#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <Poco/JSON/Object.h>

#include "core/result.hpp"
#include "http/request.hpp"

namespace sigid::http {

// JSON request bodies for the control plane. Poco::JSON stops at http/ and the
// handlers (STYLE §7): handlers turn the object into typed structs right away.

// The request body as a JSON object. 415 unless Content-Type is application/json
// (a charset parameter is allowed, and must be utf-8); 400 "malformed JSON body"
// for invalid JSON, duplicate keys (parsers disagree on which one wins) or a
// top level that is not an object.
core::Result<Poco::JSON::Object::Ptr> parseJsonObject(const Request& request);

// The same without the Content-Type check, for a body already known to be JSON.
core::Result<Poco::JSON::Object::Ptr> parseJsonObjectText(std::string_view text);

// 400 "unknown field 'x'" for the first member not in `allowed`: a typo in an
// admin request must fail loudly, not be ignored.
core::Result<void> rejectUnknownFields(const Poco::JSON::Object& object, std::initializer_list<std::string_view> allowed);

// Typed members. A missing member (or null for the optional ones) is nullopt;
// a member of the wrong type is 400 "field 'x' must be a string" (etc.).
core::Result<std::string> requiredString(const Poco::JSON::Object& object, std::string_view key);
core::Result<std::optional<std::string>> optionalString(const Poco::JSON::Object& object, std::string_view key);
core::Result<std::optional<bool>> optionalBool(const Poco::JSON::Object& object, std::string_view key);
core::Result<std::optional<std::int64_t>> optionalInt(const Poco::JSON::Object& object, std::string_view key);

// A JSON response (Content-Type application/json) rendered from a Poco object.
Response jsonResponse(int status, const Poco::JSON::Object& object);

}  // namespace sigid::http
