#include "app/plugins_command.hpp"

#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <ostream>

#include "admin/plugin_routes.hpp"
#include "plugins/plugin_loader.hpp"

namespace sigid::app {

int runPluginsList(const KernelConfig& config, core::Logger& logger, bool json, std::ostream& out) {
  plugins::PluginRegistry registry;
  auto loaded = plugins::loadConfiguredPlugins({config.plugins.directories, config.plugins.allowlist}, logger, registry);
  if (!loaded) {
    out << "sigid: " << loaded.error().description() << "\n";
    return 78;  // EX_CONFIG
  }
  if (json) {
    Poco::JSON::Stringifier::stringify(admin::pluginRegistryToJson(registry), out, 2);
    out << "\n";
    return registry.failures().empty() ? 0 : 1;
  }
  if (config.plugins.directories.empty()) out << "no plugin folders configured (plugins.directories)\n";
  std::size_t id_width = 2, version_width = 7, kinds_width = 5;
  std::vector<std::string> kinds;
  for (const auto& p : registry.plugins()) {
    std::string k;
    for (const auto& name : plugins::kindNames(p->kinds)) k += (k.empty() ? "" : ",") + name;
    kinds.push_back(k);
    id_width = std::max(id_width, p->id.size());
    version_width = std::max(version_width, p->version.size());
    kinds_width = std::max(kinds_width, k.size());
  }
  auto pad = [](const std::string& s, std::size_t width) { return s + std::string(width - s.size() + 2, ' '); };
  if (!registry.plugins().empty()) {
    out << pad("ID", id_width) << pad("VERSION", version_width) << pad("KINDS", kinds_width) << "FILE\n";
    for (std::size_t i = 0; i < registry.plugins().size(); ++i) {
      const auto& p = *registry.plugins()[i];
      out << pad(p.id, id_width) << pad(p.version, version_width) << pad(kinds[i], kinds_width) << p.file.string()
          << "\n";
    }
  }
  if (!registry.failures().empty()) {
    out << "\nrefused:\n";
    for (const auto& f : registry.failures()) out << "  " << f.file.string() << ": " << f.reason << "\n";
  }
  return registry.failures().empty() ? 0 : 1;
}

}  // namespace sigid::app
