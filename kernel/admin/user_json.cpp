#include "admin/user_json.hpp"

#include <Poco/JSON/Array.h>

#include "admin/list_query.hpp"

namespace sigid::admin {
namespace {

Poco::JSON::Array::Ptr strings(const std::vector<std::string>& items) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const auto& item : items) array->add(item);
  return array;
}

void setTime(Poco::JSON::Object& json, const std::string& name, const std::optional<std::int64_t>& at) {
  if (at) json.set(name, rfc3339(*at));
  else json.set(name, Poco::Dynamic::Var());
}

}  // namespace

Poco::JSON::Object::Ptr memberToJson(const tenancy::Member& m) {
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  json->set("subject", m.subject);  // the tenant's pairwise id; the account's own id never leaves the kernel
  json->set("email", m.email);
  json->set("name", m.name);
  json->set("status", std::string(tenancy::toString(m.status)));
  json->set("roles", strings(m.roles));
  json->set("created_at", rfc3339(m.created_at));
  json->set("updated_at", rfc3339(m.updated_at));
  return json;
}

Poco::JSON::Object::Ptr sessionToJson(const SessionSummary& s) {
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  json->set("id", s.id);
  json->set("created_at", rfc3339(s.created_at));
  json->set("last_seen_at", rfc3339(s.last_seen_at));
  json->set("auth_time", rfc3339(s.auth_time));
  json->set("amr", strings(s.amr));
  json->set("acr", s.acr);
  json->set("ip", s.ip);
  json->set("user_agent", s.user_agent);
  return json;
}

Poco::JSON::Object::Ptr invitationToJson(const tenancy::Invitation& i) {
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  json->set("id", i.id);
  json->set("email", i.email);
  json->set("roles", strings(i.roles));
  json->set("message", i.message);
  json->set("status", std::string(tenancy::toString(i.status)));
  json->set("expires_at", rfc3339(i.expires_at));
  json->set("send_count", i.send_count);
  setTime(*json, "last_sent_at", i.last_sent_at);
  setTime(*json, "accepted_at", i.accepted_at);
  json->set("created_at", rfc3339(i.created_at));
  return json;
}

Poco::JSON::Object::Ptr sentInvitationToJson(const tenancy::SentInvitation& sent) {
  auto json = invitationToJson(sent.invitation);
  Poco::JSON::Object::Ptr delivery = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  delivery->set("sent", sent.delivered);
  if (!sent.delivered) delivery->set("error", sent.delivery_error);
  json->set("delivery", delivery);
  return json;
}

core::Result<std::optional<std::vector<std::string>>> stringArray(const Poco::JSON::Object& object,
                                                                  const std::string& key) {
  if (!object.has(key) || object.isNull(key)) return std::optional<std::vector<std::string>>{};
  auto array = object.getArray(key);
  const auto bad = core::Error::invalidRequest("field '" + key + "' must be an array of strings");
  if (!array) return bad;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    auto item = array->get(static_cast<unsigned>(i));
    if (!item.isString()) return bad;
    out.push_back(item.convert<std::string>());
  }
  return std::optional<std::vector<std::string>>{std::move(out)};
}

}  // namespace sigid::admin
