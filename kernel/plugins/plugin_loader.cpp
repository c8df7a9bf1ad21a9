#include "plugins/plugin_loader.hpp"

#include <boost/dll/library_info.hpp>
#include <boost/dll/shared_library.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <fstream>

#include "plugins/kernel_registrar.hpp"
#include "sigid/sdk/plugin.hpp"

namespace sigid::plugins {
namespace {

namespace fs = std::filesystem;
namespace dll = boost::dll;

core::Error refused(std::string reason) { return core::Error::internal(std::move(reason)); }

bool looksLikeElf(int fd) {
  unsigned char magic[4] = {};
  return pread(fd, magic, sizeof magic, 0) == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' &&
         magic[3] == 'F';
}

// Reads the entry section's symbol names from the ELF file without loading it.
core::Result<void> checkEntrySymbol(const OpenedPluginFile& file) {
  if (!looksLikeElf(file.fd())) return refused("is not an ELF shared object");
  std::vector<std::string> symbols;
  try {
    dll::library_info info(file.descriptorPath(), /*throw_if_not_native=*/true);
    symbols = info.symbols(sdk::kEntrySection);
  } catch (const std::exception& e) {
    return refused(std::string("is not a loadable shared object for this platform (") + e.what() + ")");
  }
  if (std::find(symbols.begin(), symbols.end(), sdk::kEntryAlias) != symbols.end()) return core::success();
  for (const auto& s : symbols) {
    if (s.starts_with("sigid_plugin_abi"))
      return refused("was built for SDK ABI " + s.substr(16) + ", this kernel loads ABI " +
                     std::to_string(sdk::kAbiVersion) + " (rebuild it against the installed SDK)");
  }
  return refused(std::string("exports no SigID plugin entry (") + sdk::kEntryAlias + "); is it a SigID plugin?");
}

}  // namespace

bool validPluginId(std::string_view id) {
  if (id.size() < 3 || id.size() > 64) return false;
  if (!std::isalnum(static_cast<unsigned char>(id.front())) || !std::isalnum(static_cast<unsigned char>(id.back())))
    return false;
  return std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
  });
}

core::Result<void> loadConfiguredPlugins(const PluginLoadOptions& options, core::Logger& logger,
                                         PluginRegistry& registry, PluginFaults* faults) {
  SIGID_TRY(std::vector<AllowEntry> allowlist, parseAllowlist(options.allowlist));
  PluginLoader loader(TrustPolicy(std::move(allowlist)), logger, faults);
  std::vector<fs::path> directories(options.directories.begin(), options.directories.end());
  loader.loadDirectories(directories, registry);
  if (!directories.empty())
    logger.info("plugins ready", {{"loaded", registry.plugins().size()}, {"refused", registry.failures().size()}});
  return core::success();
}

void PluginLoader::loadDirectories(const std::vector<fs::path>& directories, PluginRegistry& registry) {
  for (const auto& dir : directories) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      logger_.error("plugin folder refused", {{"folder", dir.string()}, {"reason", "does not exist or is not a folder"}});
      registry.addFailure({dir, "plugin folder does not exist or is not a folder"});
      continue;
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (entry.path().extension() == ".so") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) (void)loadFile(file, registry);
  }
}

core::Result<void> PluginLoader::loadFile(const fs::path& file, PluginRegistry& registry) {
  auto loaded = tryLoad(file, registry);
  if (!loaded) {
    const auto& e = loaded.error();
    const std::string reason = e.detail().empty() ? e.description() : e.detail();
    logger_.error("plugin refused", {{"file", file.string()}, {"reason", reason}});
    registry.addFailure({file, reason});
  }
  return loaded;
}

core::Result<void> PluginLoader::tryLoad(const fs::path& file, PluginRegistry& registry) {
  SIGID_TRY(OpenedPluginFile file_handle, OpenedPluginFile::open(file));
  auto opened = std::make_shared<OpenedPluginFile>(std::move(file_handle));
  if (auto refusal = trust_.refusal(*opened)) return refused(*refusal);
  SIGID_CHECK(checkEntrySymbol(*opened));

  // dlopen by the real path (glibc knows a library by its name; descriptor
  // paths like /proc/self/fd/N are reused), then make sure the path still names
  // the file whose descriptor passed the checks. The folders are not writable
  // by others (checked above), so only the kernel's own user could swap it.
  std::error_code ec;
  const fs::path real = fs::canonical(file, ec);
  if (ec) return refused("cannot be resolved to a real path");
  auto library = std::make_shared<dll::shared_library>();
  try {
    library->load(real, dll::load_mode::rtld_now | dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    return refused(std::string("cannot be loaded: ") + e.what());
  }
  struct stat checked {}, loaded {};
  if (fstat(opened->fd(), &checked) != 0 || stat(real.c_str(), &loaded) != 0 || checked.st_dev != loaded.st_dev ||
      checked.st_ino != loaded.st_ino)
    return refused("changed while it was being loaded");
  const auto& entry = library->get_alias<const sdk::PluginEntry>(sdk::kEntryAlias);
  if (entry.abi_version != sdk::kAbiVersion || entry.manifest == nullptr || entry.register_factories == nullptr ||
      entry.manifest->sdk_abi != sdk::kAbiVersion)
    return refused("has an entry that does not match SDK ABI " + std::to_string(sdk::kAbiVersion));
  const sdk::Manifest& manifest = *entry.manifest;

  auto plugin = std::make_unique<LoadedPlugin>();
  plugin->id = std::string(manifest.id);
  plugin->version = std::string(manifest.version);
  plugin->description = std::string(manifest.description);
  plugin->kinds = manifest.kinds;
  plugin->file = file;
  if (!validPluginId(plugin->id))
    return refused("declares the invalid plugin id \"" + plugin->id.substr(0, 80) +
                   "\" (3-64 characters of a-z, 0-9, '.', '-', '_')");
  if (plugin->version.empty()) return refused("plugin " + plugin->id + " declares no version");
  if (plugin->kinds.empty()) return refused("plugin " + plugin->id + " declares no kinds");
  // Checked before registration runs any of the duplicate's code.
  if (const LoadedPlugin* existing = registry.find(plugin->id))
    return refused("duplicate plugin id " + plugin->id + ": already loaded from " + existing->file.string());
  auto schema = ConfigSchema::compile(manifest.config_schema);
  if (!schema) return refused("plugin " + plugin->id + " has an unusable " + schema.error().description());
  plugin->schema = std::move(schema).value();

  KernelRegistrar registrar(manifest.kinds);
  auto registered = pluginCall(plugin->id, faults_, [&] { return entry.register_factories(registrar); });
  if (!registered) {
    const auto& e = registered.error();
    return refused("plugin " + plugin->id + " failed to register: " + (e.detail().empty() ? e.description() : e.detail()));
  }
  plugin->factories = registrar.take();
  if (plugin->factories.kinds().bits() != manifest.kinds.bits())
    return refused("plugin " + plugin->id + " registered other kinds than its manifest declares");
  plugin->library = std::move(library);
  logger_.info("plugin loaded", {{"plugin", plugin->id}, {"version", plugin->version}, {"file", file.string()}});
  return registry.add(std::move(plugin));
}

}  // namespace sigid::plugins
