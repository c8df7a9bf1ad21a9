#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace sigid::core::crypto {

// The top level of a JSON object (RFC 8259), as much as JOSE needs: JWS
// headers and JWKs are flat objects of strings. Core may not use Poco::JSON
// (STYLE.md §7), and a full DOM is not needed to read "alg" and "kid".
struct JsonMember {
  enum class Kind { String, Number, Boolean, Null, Object, Array };
  std::string name;
  Kind kind;
  std::string value;  // String: the decoded text; otherwise the raw JSON text
};

class JsonObject {
 public:
  // Strict: one object, nothing after it but whitespace, valid UTF-8 escapes,
  // nesting at most 32 deep. Duplicate member names are refused (RFC 7515
  // §5.2 allows refusing them; accepting them lets two parsers disagree).
  static Result<JsonObject> parse(std::string_view text);

  const std::vector<JsonMember>& members() const { return members_; }
  const JsonMember* find(std::string_view name) const;
  // The member's text when it is a string; nullopt when absent; an error when it has another type.
  Result<std::optional<std::string>> optionalString(std::string_view name) const;

 private:
  std::vector<JsonMember> members_;
};

}  // namespace sigid::core::crypto
