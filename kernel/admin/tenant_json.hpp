#pragma once

#include <Poco/JSON/Object.h>

#include <string>

#include "tenancy/tenant.hpp"

namespace sigid::admin {

// The control plane's view of a tenant, with its issuer.
Poco::JSON::Object::Ptr tenantToJson(const tenancy::Tenant& tenant, const std::string& public_base_url);
Poco::JSON::Object::Ptr settingsToJsonObject(const tenancy::TenantSettings& settings);

}  // namespace sigid::admin
