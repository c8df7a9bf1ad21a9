#include "core/crypto/json_object.hpp"

#include <cstdint>

namespace sigid::core::crypto {
namespace {

constexpr int kMaxDepth = 32;

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool atEnd() {
    skipSpace();
    return pos_ == text_.size();
  }

  bool consume(char c) {
    skipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  char peek() {
    skipSpace();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }

  std::optional<std::string> string() {
    if (!consume('"')) return std::nullopt;
    std::string out;
    while (pos_ < text_.size()) {
      auto c = static_cast<unsigned char>(text_[pos_++]);
      if (c == '"') return out;
      if (c < 0x20) return std::nullopt;  // RFC 8259 §7: control characters must be escaped
      if (c != '\\') {
        out += static_cast<char>(c);
        continue;
      }
      if (pos_ >= text_.size()) return std::nullopt;
      char e = text_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          auto cp = hex4();
          if (!cp) return std::nullopt;
          std::uint32_t code = *cp;
          if (code >= 0xD800 && code <= 0xDBFF) {  // a high surrogate needs its low half
            if (pos_ + 2 > text_.size() || text_[pos_] != '\\' || text_[pos_ + 1] != 'u') return std::nullopt;
            pos_ += 2;
            auto low = hex4();
            if (!low || *low < 0xDC00 || *low > 0xDFFF) return std::nullopt;
            code = 0x10000 + ((code - 0xD800) << 10) + (*low - 0xDC00);
          } else if (code >= 0xDC00 && code <= 0xDFFF) {
            return std::nullopt;
          }
          appendUtf8(out, code);
          break;
        }
        default: return std::nullopt;
      }
    }
    return std::nullopt;
  }

  // Skips one value, returning its kind; the raw text is [start, pos_).
  std::optional<JsonMember::Kind> skipValue(int depth) {
    if (depth > kMaxDepth) return std::nullopt;
    char c = peek();
    if (c == '"') return string() ? std::optional(JsonMember::Kind::String) : std::nullopt;
    if (c == '{') {
      ++pos_;
      if (consume('}')) return JsonMember::Kind::Object;
      do {
        if (!string() || !consume(':') || !skipValue(depth + 1)) return std::nullopt;
      } while (consume(','));
      return consume('}') ? std::optional(JsonMember::Kind::Object) : std::nullopt;
    }
    if (c == '[') {
      ++pos_;
      if (consume(']')) return JsonMember::Kind::Array;
      do {
        if (!skipValue(depth + 1)) return std::nullopt;
      } while (consume(','));
      return consume(']') ? std::optional(JsonMember::Kind::Array) : std::nullopt;
    }
    if (literal("true") || literal("false")) return JsonMember::Kind::Boolean;
    if (literal("null")) return JsonMember::Kind::Null;
    return number() ? std::optional(JsonMember::Kind::Number) : std::nullopt;
  }

  std::size_t pos() {
    skipSpace();
    return pos_;
  }
  std::size_t rawPos() const { return pos_; }

 private:
  void skipSpace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  bool digits() {
    std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    return pos_ > start;
  }

  bool number() {  // RFC 8259 §6 grammar
    if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '0') {
      ++pos_;
    } else if (!digits()) {
      return false;
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (!digits()) return false;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (!digits()) return false;
    }
    return true;
  }

  std::optional<std::uint32_t> hex4() {
    if (pos_ + 4 > text_.size()) return std::nullopt;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char h = text_[pos_++];
      v <<= 4;
      if (h >= '0' && h <= '9') v |= std::uint32_t(h - '0');
      else if (h >= 'a' && h <= 'f') v |= std::uint32_t(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') v |= std::uint32_t(h - 'A' + 10);
      else return std::nullopt;
    }
    return v;
  }

  static void appendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

Error malformed() { return Error::invalidRequest("malformed JSON object"); }

}  // namespace

Result<JsonObject> JsonObject::parse(std::string_view text) {
  Reader reader(text);
  JsonObject object;
  if (!reader.consume('{')) return malformed();
  if (!reader.consume('}')) {
    do {
      auto name = reader.string();
      if (!name || !reader.consume(':')) return malformed();
      if (object.find(*name)) return Error::invalidRequest("duplicate JSON member");
      std::size_t start = reader.pos();
      Reader copy = reader;  // strings are decoded from a second pass over the same text
      auto kind = reader.skipValue(1);
      if (!kind) return malformed();
      std::string value = *kind == JsonMember::Kind::String
                              ? *copy.string()
                              : std::string(text.substr(start, reader.rawPos() - start));
      object.members_.push_back({std::move(*name), *kind, std::move(value)});
    } while (reader.consume(','));
    if (!reader.consume('}')) return malformed();
  }
  if (!reader.atEnd()) return malformed();
  return object;
}

const JsonMember* JsonObject::find(std::string_view name) const {
  for (const auto& m : members_)
    if (m.name == name) return &m;
  return nullptr;
}

Result<std::optional<std::string>> JsonObject::optionalString(std::string_view name) const {
  const auto* m = find(name);
  if (!m) return std::optional<std::string>{};
  if (m->kind != JsonMember::Kind::String) return Error::invalidRequest("JSON member " + std::string(name) + " must be a string");
  return std::optional<std::string>{m->value};
}

}  // namespace sigid::core::crypto
