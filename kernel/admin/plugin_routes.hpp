#pragma once

#include <Poco/JSON/Object.h>

#include "admin/admin_context.hpp"
#include "http/router.hpp"
#include "plugins/plugin_instance_service.hpp"
#include "plugins/plugin_registry.hpp"

namespace sigid::admin {

// What the plugin handlers need beyond the shared admin context.
struct PluginAdminContext {
  AdminContext& admin;
  plugins::PluginInstanceService& instances;
  const plugins::PluginRegistry& registry;
};

// GET /api/v1/system/plugins: loaded plugins and the files that were refused.
void addSystemPluginRoutes(http::Router& router, PluginAdminContext& ctx);

// /api/v1/tenants/{tenant}/plugins[/{plugin}[/enable|/disable|/test-delivery]]
void addTenantPluginRoutes(http::Router& router, PluginAdminContext& ctx);

// The registry as GET /api/v1/system/plugins renders it (also `sigid plugins list --json`).
Poco::JSON::Object::Ptr pluginRegistryToJson(const plugins::PluginRegistry& registry);

}  // namespace sigid::admin
