#include "http/json_body.hpp"

#include <algorithm>
#include <set>
#include <sstream>
#include <vector>

#include <Poco/Exception.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

namespace sigid::http {

namespace {

constexpr std::size_t kMaxDepth = 64;  // admin bodies are shallow; deep nesting is an attack on the stack

core::Error malformed() { return core::Error::invalidRequest("malformed JSON body"); }

// Names a field in an error only when it looks like one of ours: the
// description is shown to clients and must not echo arbitrary input.
std::string fieldName(std::string_view key) {
  const bool plain = !key.empty() && key.size() <= 64 && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
  });
  return plain ? "'" + std::string(key) + "'" : std::string("(unprintable name)");
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Refuses duplicate keys: {"role":"user","role":"admin"} means different things
// to different parsers, which is how a check and its use can disagree.
class StrictParseHandler : public Poco::JSON::ParseHandler {
 public:
  void reset() override {
    ParseHandler::reset();
    keys_.clear();
  }
  void startObject() override {
    ParseHandler::startObject();
    keys_.emplace_back();
  }
  void endObject() override {
    ParseHandler::endObject();
    if (!keys_.empty()) keys_.pop_back();
  }
  void key(const std::string& k) override {
    if (!keys_.empty() && !keys_.back().insert(k).second) throw Poco::JSON::JSONException("duplicate key");
    ParseHandler::key(k);
  }

 private:
  std::vector<std::set<std::string>> keys_;
};

// Empty for a missing member and for null alike.
Poco::Dynamic::Var member(const Poco::JSON::Object& object, std::string_view key) {
  return object.get(std::string(key));
}

}  // namespace

core::Result<Poco::JSON::Object::Ptr> parseJsonObject(const Request& request) {
  const auto content_type = request.header("content-type");
  if (!content_type) {
    return core::Error(core::ErrorCode::UnsupportedMediaType, "Content-Type must be application/json");
  }
  const std::string_view rest = *content_type;
  const std::size_t semicolon = rest.find(';');
  const std::string_view media_type = trim(rest.substr(0, semicolon));
  if (!equalsIgnoreCase(media_type, "application/json")) {
    return core::Error(core::ErrorCode::UnsupportedMediaType, "Content-Type must be application/json");
  }
  // RFC 8259 §8.1: JSON is UTF-8; a charset parameter may only say so.
  std::string_view parameters = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
  while (!parameters.empty()) {
    const std::size_t next = parameters.find(';');
    const std::string_view parameter = trim(parameters.substr(0, next));
    parameters = next == std::string_view::npos ? std::string_view() : parameters.substr(next + 1);
    const std::size_t eq = parameter.find('=');
    const std::string_view name = trim(parameter.substr(0, eq));
    std::string_view value = eq == std::string_view::npos ? std::string_view() : trim(parameter.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (equalsIgnoreCase(name, "charset") && !equalsIgnoreCase(value, "utf-8")) {
      return core::Error(core::ErrorCode::UnsupportedMediaType, "JSON bodies must be UTF-8");
    }
  }
  return parseJsonObjectText(request.body);
}

core::Result<Poco::JSON::Object::Ptr> parseJsonObjectText(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return malformed();
  try {
    Poco::JSON::Parser parser(new StrictParseHandler);
    parser.setDepth(kMaxDepth);
    parser.setAllowNullByte(false);
    const Poco::Dynamic::Var result = parser.parse(std::string(text));
    if (result.type() != typeid(Poco::JSON::Object::Ptr)) {
      return core::Error::invalidRequest("JSON body must be an object");
    }
    return result.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    return std::move(malformed().withDetail(e.displayText()));
  } catch (const std::exception& e) {
    return std::move(malformed().withDetail(e.what()));
  }
}

core::Result<void> rejectUnknownFields(const Poco::JSON::Object& object,
                                       std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : object) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return core::Error::invalidRequest("unknown field " + fieldName(key));
    }
  }
  return core::success();
}

core::Result<std::string> requiredString(const Poco::JSON::Object& object, std::string_view key) {
  SIGID_TRY(auto value, optionalString(object, key));
  if (!value) return core::Error::invalidRequest("field " + fieldName(key) + " is required");
  return std::move(*value);
}

core::Result<std::optional<std::string>> optionalString(const Poco::JSON::Object& object, std::string_view key) {
  const Poco::Dynamic::Var value = member(object, key);
  if (value.isEmpty()) return std::optional<std::string>();
  if (!value.isString()) return core::Error::invalidRequest("field " + fieldName(key) + " must be a string");
  return std::optional<std::string>(value.extract<std::string>());
}

core::Result<std::optional<bool>> optionalBool(const Poco::JSON::Object& object, std::string_view key) {
  const Poco::Dynamic::Var value = member(object, key);
  if (value.isEmpty()) return std::optional<bool>();
  if (!value.isBoolean()) return core::Error::invalidRequest("field " + fieldName(key) + " must be a boolean");
  return std::optional<bool>(value.extract<bool>());
}

core::Result<std::optional<std::int64_t>> optionalInt(const Poco::JSON::Object& object, std::string_view key) {
  const Poco::Dynamic::Var value = member(object, key);
  if (value.isEmpty()) return std::optional<std::int64_t>();
  if (!value.isInteger()) return core::Error::invalidRequest("field " + fieldName(key) + " must be an integer");
  try {
    return std::optional<std::int64_t>(value.convert<std::int64_t>());
  } catch (const Poco::Exception&) {
    return core::Error::invalidRequest("field " + fieldName(key) + " is out of range");
  }
}

Response jsonResponse(int status, const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return Response::json(status, out.str());
}

}  // namespace sigid::http
