#include "plugins/config_document.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Stringifier.h>

#include <set>
#include <sstream>

namespace sigid::plugins {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

bool isObject(const Var& v) { return v.type() == typeid(Object::Ptr); }
bool isArray(const Var& v) { return v.type() == typeid(Array::Ptr); }

// Refuses duplicate keys while building the usual Poco objects.
class StrictHandler final : public Poco::JSON::ParseHandler {
 public:
  void key(const std::string& k) override {
    if (!seen_.empty()) {
      if (!seen_.back().insert(k).second) throw Poco::JSON::JSONException("duplicate key " + k);
    }
    ParseHandler::key(k);
  }
  void startObject() override {
    seen_.emplace_back();
    ParseHandler::startObject();
  }
  void endObject() override {
    seen_.pop_back();
    ParseHandler::endObject();
  }

 private:
  std::vector<std::set<std::string>> seen_;
};

// Visits each property the schema marks writeOnly that the document has.
template <class Visit>
core::Result<void> eachSecret(const SchemaNode& schema, Var& document, const Visit& visit) {
  if (isObject(document)) {
    Object::Ptr object = document.extract<Object::Ptr>();
    for (const auto& [name, sub] : schema.properties) {
      if (!object->has(name)) continue;
      Var child = object->get(name);
      if (sub->write_only) {
        SIGID_TRY(Var replaced, visit(child));
        object->set(name, replaced);
      } else {
        SIGID_CHECK(eachSecret(*sub, child, visit));
      }
    }
  } else if (isArray(document) && schema.items) {
    Array::Ptr array = document.extract<Array::Ptr>();
    for (std::size_t i = 0; i < array->size(); ++i) {
      Var child = array->get(i);
      if (schema.items->write_only) {
        SIGID_TRY(Var replaced, visit(child));
        array->set(i, replaced);
      } else {
        SIGID_CHECK(eachSecret(*schema.items, child, visit));
      }
    }
  }
  return core::success();
}

void flattenInto(const Var& v, const std::string& at, sdk::PluginConfig::Values& out) {
  if (isObject(v)) {
    for (const auto& [name, child] : *v.extract<Object::Ptr>()) flattenInto(child, at + "/" + escapePointerToken(name), out);
  } else if (isArray(v)) {
    const Array& a = *v.extract<Array::Ptr>();
    for (std::size_t i = 0; i < a.size(); ++i) flattenInto(a.get(i), at + "/" + std::to_string(i), out);
  } else if (v.isBoolean()) {
    out[at] = v.convert<bool>();
  } else if (v.isString()) {
    out[at] = v.convert<std::string>();
  } else if (v.isInteger()) {
    out[at] = v.convert<std::int64_t>();
  } else if (v.isNumeric()) {
    out[at] = v.convert<double>();
  }
  // null carries no value: has() is false for it.
}

}  // namespace

core::Result<Var> parseConfigDocument(std::string_view json) {
  try {
    Poco::JSON::Parser parser(new StrictHandler);
    Var parsed = parser.parse(std::string(json));
    if (!isObject(parsed)) return core::Error::invalidRequest("config: expected a JSON object");
    return parsed;
  } catch (const Poco::Exception&) {
    return core::Error::invalidRequest("config: malformed JSON");
  }
}

std::string toJson(const Var& document) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(document, out);
  return out.str();
}

core::Result<void> sealSecrets(const SchemaNode& schema, Var& document, const SealFunction& seal) {
  return eachSecret(schema, document, [&](const Var& value) -> core::Result<Var> {
    // Wrapped in an array: the sealed text is always a JSON document, whatever the value's type.
    Array::Ptr wrapped = new Array;
    wrapped->add(value);
    SIGID_TRY(std::string sealed, seal(toJson(wrapped)));
    return Var(std::string(kSealedPrefix) + sealed);
  });
}

core::Result<void> unsealSecrets(const SchemaNode& schema, Var& document, const SealFunction& unseal) {
  return eachSecret(schema, document, [&](const Var& value) -> core::Result<Var> {
    if (!value.isString()) return value;
    std::string text = value.convert<std::string>();
    if (!text.starts_with(kSealedPrefix)) return value;
    SIGID_TRY(std::string json, unseal(std::string_view(text).substr(kSealedPrefix.size())));
    try {
      Poco::JSON::Parser parser;
      Var parsed = parser.parse(json);
      if (!isArray(parsed) || parsed.extract<Array::Ptr>()->size() != 1) throw Poco::JSON::JSONException("shape");
      return parsed.extract<Array::Ptr>()->get(0);
    } catch (const Poco::Exception&) {
      return core::Error::internal("a sealed plugin secret does not hold JSON");
    }
  });
}

void maskSealedValues(Var& document) {
  auto masked = [](const Var& v) {
    return v.isString() && v.convert<std::string>().starts_with(kSealedPrefix) ? Var(std::string(kMaskedSecret)) : v;
  };
  if (isObject(document)) {
    Object::Ptr object = document.extract<Object::Ptr>();
    std::vector<std::string> names;
    for (const auto& [name, unused] : *object) names.push_back(name);
    for (const auto& name : names) {
      Var child = object->get(name);
      maskSealedValues(child);
      object->set(name, masked(child));
    }
  } else if (isArray(document)) {
    Array::Ptr array = document.extract<Array::Ptr>();
    for (std::size_t i = 0; i < array->size(); ++i) {
      Var child = array->get(i);
      maskSealedValues(child);
      array->set(i, masked(child));
    }
  }
}

void keepStoredSecrets(const SchemaNode& schema, Var& incoming, const Var& stored) {
  if (!isObject(incoming) || !isObject(stored)) return;
  Object::Ptr in = incoming.extract<Object::Ptr>();
  Object::Ptr old = stored.extract<Object::Ptr>();
  for (const auto& [name, sub] : schema.properties) {
    if (!old->has(name)) continue;
    if (sub->write_only) {
      if (!in->has(name)) in->set(name, old->get(name));
    } else if (in->has(name)) {
      Var child = in->get(name);
      keepStoredSecrets(*sub, child, old->get(name));
    }
  }
}

sdk::PluginConfig::Values flattenConfig(const Var& document) {
  sdk::PluginConfig::Values out;
  flattenInto(document, "", out);
  return out;
}

}  // namespace sigid::plugins
