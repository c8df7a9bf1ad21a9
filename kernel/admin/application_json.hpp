#pragma once

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "tenancy/application.hpp"

namespace sigid::admin {

// The control plane's view of an application. Never includes the secret or its hash.
Poco::JSON::Object::Ptr applicationToJson(const tenancy::Application& app, const std::string& issuer);

// The writable members of a create (PATCH: `type` is refused, it never changes).
// Unknown members are 400s so a typo fails loudly.
core::Result<tenancy::ApplicationChange> applicationChangeFromJson(const Poco::JSON::Object& body);

// An optional array of strings member.
core::Result<std::optional<std::vector<std::string>>> optionalStringArray(const Poco::JSON::Object& body,
                                                                          const std::string& key);

}  // namespace sigid::admin
