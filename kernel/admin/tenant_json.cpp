#include "admin/tenant_json.hpp"

#include <Poco/JSON/Parser.h>

#include "admin/list_query.hpp"

namespace sigid::admin {

Poco::JSON::Object::Ptr settingsToJsonObject(const tenancy::TenantSettings& settings) {
  Poco::JSON::Parser parser;
  return parser.parse(tenancy::settingsToJson(settings)).extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Object::Ptr tenantToJson(const tenancy::Tenant& tenant, const std::string& public_base_url) {
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  json->set("id", tenant.id.str());
  json->set("slug", tenant.slug);
  json->set("name", tenant.name);
  json->set("plan", tenant.plan);
  json->set("status", std::string(tenancy::toString(tenant.status)));
  json->set("issuer", public_base_url + "/t/" + tenant.slug);
  json->set("config_version", tenant.config_version);
  json->set("created_at", rfc3339(tenant.created_at));
  json->set("updated_at", rfc3339(tenant.updated_at));
  json->set("settings", settingsToJsonObject(tenant.settings));
  return json;
}

}  // namespace sigid::admin
