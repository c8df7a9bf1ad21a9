#include "tenancy/tenant_settings.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <optional>
#include <regex>
#include <set>
#include <sstream>

namespace sigid::tenancy {
namespace {

using Poco::JSON::Object;
using core::Error;

// A validator returns an empty string when the value is acceptable, else what was expected.
using TextRule = std::string (*)(const std::string&);

std::string anyText(const std::string& v) { return v.size() <= 200 ? "" : "at most 200 characters"; }

std::string httpsUrlOrEmpty(const std::string& v) {
  static const std::regex kUrl(R"(^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^\s"<>]*)?$)");
  if (v.empty() || (v.size() <= 2048 && std::regex_match(v, kUrl))) return "";
  return "an https URL";
}

std::string colorOrEmpty(const std::string& v) {
  static const std::regex kColor("^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$");
  if (v.empty() || std::regex_match(v, kColor)) return "";
  return "a colour such as #1f4fd1";
}

std::string emailOrEmpty(const std::string& v) {
  static const std::regex kEmail(R"(^[^\s@"<>]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$)");
  if (v.empty() || (v.size() <= 254 && std::regex_match(v, kEmail))) return "";
  return "an e-mail address";
}

std::string domain(const std::string& v) {
  static const std::regex kDomain(R"(^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$)");
  if (v.size() <= 253 && std::regex_match(v, kDomain)) return "";
  return "lower-case domain names such as example.com";
}

// Reads JSON members into typed fields. Field declarations live once, in
// visitSettings, and drive both this reader and the writer below.
class Reader {
 public:
  Reader(const Object& json, std::string path) : json_(json), path_(std::move(path)) {}

  void integer(const std::string& key, int& field, int min, int max) {
    auto value = member(key);
    if (!value) return;
    bool whole = value->isInteger() && value->type() != typeid(bool);
    if (!whole && value->isNumeric() && value->type() != typeid(bool)) {
      double d = value->convert<double>();
      whole = d == static_cast<double>(static_cast<long long>(d));
    }
    if (!whole) return fail(key, "expected a whole number");
    long long n = value->convert<long long>();
    if (n < min || n > max) return fail(key, "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    field = static_cast<int>(n);
  }

  void boolean(const std::string& key, bool& field) {
    auto value = member(key);
    if (!value) return;
    if (value->type() != typeid(bool)) return fail(key, "expected true or false");
    field = value->extract<bool>();
  }

  void text(const std::string& key, std::string& field, TextRule rule) {
    auto value = member(key);
    if (!value) return;
    if (!value->isString()) return fail(key, "expected a string");
    std::string s = value->convert<std::string>();
    if (auto expected = rule(s); !expected.empty()) return fail(key, "expected " + expected);
    field = std::move(s);
  }

  void texts(const std::string& key, std::vector<std::string>& field, TextRule rule, std::size_t max_items) {
    auto value = member(key);
    if (!value) return;
    if (value->type() != typeid(Poco::JSON::Array::Ptr)) return fail(key, "expected an array of strings");
    auto array = value->extract<Poco::JSON::Array::Ptr>();
    if (array->size() > max_items) return fail(key, "expected at most " + std::to_string(max_items) + " items");
    std::vector<std::string> out;
    std::set<std::string> unique;
    for (std::size_t i = 0; i < array->size(); ++i) {
      auto item = array->get(static_cast<unsigned>(i));
      if (!item.isString()) return fail(key, "expected an array of strings");
      std::string s = item.convert<std::string>();
      if (auto expected = rule(s); !expected.empty()) return fail(key, "expected " + expected);
      if (unique.insert(s).second) out.push_back(std::move(s));
    }
    field = std::move(out);
  }

  template <class Visit>
  void object(const std::string& key, Visit&& visit) {
    auto value = member(key);
    if (!value) return;
    if (value->type() != typeid(Object::Ptr)) return fail(key, "expected an object");
    Reader nested(*value->extract<Object::Ptr>(), path_ + "." + key);
    visit(nested);
    nested.finish();
    if (nested.error_ && !error_) error_ = std::move(nested.error_);
  }

  // Members nobody asked for are typos or fields from another product: refuse them.
  void finish() {
    if (error_) return;
    for (const auto& name : json_.getNames()) {
      if (!seen_.count(name)) {
        error_ = Error::invalidRequest(path_ + "." + name + ": unknown setting");
        return;
      }
    }
  }

  std::optional<Error> error_;

 private:
  std::optional<Poco::Dynamic::Var> member(const std::string& key) {
    seen_.insert(key);
    if (error_ || !json_.has(key)) return std::nullopt;
    auto value = json_.get(key);
    if (value.isEmpty()) {
      fail(key, "must not be null");
      return std::nullopt;
    }
    return value;
  }
  void fail(const std::string& key, const std::string& expected) {
    if (!error_) error_ = Error::invalidRequest(path_ + "." + key + ": " + expected);
  }

  const Object& json_;
  std::string path_;
  std::set<std::string> seen_;
};

class Writer {
 public:
  Object::Ptr json = new Object(Poco::JSON_PRESERVE_KEY_ORDER);

  void integer(const std::string& key, int& field, int, int) { json->set(key, field); }
  void boolean(const std::string& key, bool& field) { json->set(key, field); }
  void text(const std::string& key, std::string& field, TextRule) { json->set(key, field); }
  void texts(const std::string& key, std::vector<std::string>& field, TextRule, std::size_t) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto& s : field) array->add(s);
    json->set(key, array);
  }
  template <class Visit>
  void object(const std::string& key, Visit&& visit) {
    Writer nested;
    visit(nested);
    json->set(key, nested.json);
  }
};

template <class V>
void visitSettings(V& v, TenantSettings& s) {
  v.integer("session_timeout_minutes", s.session_timeout_minutes, 1, 43200);
  v.integer("max_sessions_per_user", s.max_sessions_per_user, 1, 1000);
  v.boolean("require_mfa", s.require_mfa);
  v.object("password_policy", [&](auto& p) {
    auto& pp = s.password_policy;
    p.integer("min_length", pp.min_length, 8, 256);
    p.boolean("require_uppercase", pp.require_uppercase);
    p.boolean("require_lowercase", pp.require_lowercase);
    p.boolean("require_numbers", pp.require_numbers);
    p.boolean("require_special_chars", pp.require_special_chars);
    p.integer("password_history_count", pp.password_history_count, 0, 24);
    p.integer("max_age_days", pp.max_age_days, 0, 3650);
  });
  v.object("lockout_policy", [&](auto& p) {
    auto& lp = s.lockout_policy;
    p.integer("max_attempts", lp.max_attempts, 1, 100);
    p.integer("lockout_duration_minutes", lp.lockout_duration_minutes, 1, 10080);
    p.integer("reset_after_minutes", lp.reset_after_minutes, 1, 10080);
  });
  v.texts("allowed_domains", s.allowed_domains, domain, 100);
  v.object("branding", [&](auto& p) {
    auto& b = s.branding;
    p.text("display_name", b.display_name, anyText);
    p.text("logo_url", b.logo_url, httpsUrlOrEmpty);
    p.text("primary_color", b.primary_color, colorOrEmpty);
    p.text("background_color", b.background_color, colorOrEmpty);
    p.text("privacy_url", b.privacy_url, httpsUrlOrEmpty);
    p.text("terms_url", b.terms_url, httpsUrlOrEmpty);
  });
  v.object("support_contact", [&](auto& p) {
    p.text("email", s.support_contact.email, emailOrEmpty);
    p.text("url", s.support_contact.url, httpsUrlOrEmpty);
  });
}

}  // namespace

core::Result<TenantSettings> applySettingsJson(TenantSettings base, const Object& json, const std::string& path) {
  Reader reader(json, path);
  visitSettings(reader, base);
  reader.finish();
  if (reader.error_) return *reader.error_;
  return base;
}

std::string settingsToJson(const TenantSettings& settings) {
  TenantSettings copy = settings;
  Writer writer;
  visitSettings(writer, copy);
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(writer.json, out);
  return out.str();
}

core::Result<TenantSettings> settingsFromJson(const std::string& text) {
  try {
    Poco::JSON::Parser parser;
    auto parsed = parser.parse(text);
    auto object = parsed.extract<Object::Ptr>();
    auto applied = applySettingsJson(TenantSettings{}, *object);
    if (!applied) return Error::internal("stored tenant settings invalid: " + applied.error().description());
    return applied;
  } catch (const Poco::Exception& e) {
    return Error::internal("stored tenant settings unreadable: " + e.displayText());
  }
}

}  // namespace sigid::tenancy
