#include "admin/application_json.hpp"

#include <Poco/JSON/Array.h>

#include "admin/list_query.hpp"
#include "http/json_body.hpp"

namespace sigid::admin {
namespace {

Poco::JSON::Array::Ptr array(const std::vector<std::string>& items) {
  Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
  for (const auto& item : items) out->add(item);
  return out;
}

}  // namespace

Poco::JSON::Object::Ptr applicationToJson(const tenancy::Application& app, const std::string& issuer) {
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  json->set("id", app.id);
  json->set("client_id", app.client_id);
  json->set("name", app.name);
  json->set("type", std::string(tenancy::toString(app.type)));
  json->set("status", app.active ? "active" : "inactive");
  json->set("issuer", issuer);
  json->set("grant_types", array(app.grant_types));
  json->set("redirect_uris", array(app.redirect_uris));
  json->set("allowed_origins", array(app.allowed_origins));
  json->set("post_logout_redirect_uris", array(app.post_logout_redirect_uris));
  json->set("scopes", array(app.scopes));
  if (app.audience.empty()) json->set("audience", Poco::Dynamic::Var());
  else json->set("audience", app.audience);
  json->set("access_token_ttl", app.access_token_ttl);
  json->set("signing_alg", std::string(core::crypto::toString(app.signing_alg)));
  if (app.previous_secret_expires_at) json->set("previous_secret_expires_at", rfc3339(*app.previous_secret_expires_at));
  json->set("created_at", rfc3339(app.created_at));
  json->set("updated_at", rfc3339(app.updated_at));
  return json;
}

core::Result<std::optional<std::vector<std::string>>> optionalStringArray(const Poco::JSON::Object& body,
                                                                          const std::string& key) {
  if (!body.has(key)) return std::optional<std::vector<std::string>>{};
  auto value = body.get(key);
  if (value.type() != typeid(Poco::JSON::Array::Ptr))
    return core::Error::invalidRequest("field '" + key + "' must be an array of strings");
  auto items = value.extract<Poco::JSON::Array::Ptr>();
  std::vector<std::string> out;
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto item = items->get(static_cast<unsigned>(i));
    if (!item.isString()) return core::Error::invalidRequest("field '" + key + "' must be an array of strings");
    out.push_back(item.convert<std::string>());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

core::Result<tenancy::ApplicationChange> applicationChangeFromJson(const Poco::JSON::Object& body) {
  tenancy::ApplicationChange change;
  SIGID_TRY(change.name, http::optionalString(body, "name"));
  SIGID_TRY(change.grant_types, optionalStringArray(body, "grant_types"));
  SIGID_TRY(change.redirect_uris, optionalStringArray(body, "redirect_uris"));
  SIGID_TRY(change.allowed_origins, optionalStringArray(body, "allowed_origins"));
  SIGID_TRY(change.post_logout_redirect_uris, optionalStringArray(body, "post_logout_redirect_uris"));
  SIGID_TRY(change.scopes, optionalStringArray(body, "scopes"));
  SIGID_TRY(change.audience, http::optionalString(body, "audience"));
  SIGID_TRY(change.access_token_ttl, http::optionalInt(body, "access_token_ttl"));
  SIGID_TRY(change.signing_alg, http::optionalString(body, "signing_alg"));
  return change;
}

}  // namespace sigid::admin
