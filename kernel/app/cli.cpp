#include "app/cli.hpp"

#include <filesystem>

namespace sigid::app {

core::Result<CommandLine> parseCommandLine(int argc, char** argv) {
  CommandLine cli;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--config" || arg == "-c") {
      if (i + 1 >= argc) return core::Error::invalidRequest(arg + " needs a file name");
      cli.config_file = argv[++i];
    } else if (arg.starts_with("--config=")) {
      cli.config_file = arg.substr(9);
    } else if (arg == "--help" || arg == "-h") {
      cli.command = "help";
    } else if (cli.command.empty()) {
      cli.command = arg;
    } else {
      cli.args.push_back(arg);
    }
  }
  if (cli.command.empty()) cli.command = "help";
  return cli;
}

core::Result<KernelConfig> loadKernelConfig(const CommandLine& cli, char** environment) {
  ConfigSources sources;
  const std::string shipped = "config/sigid.properties";
  if (std::filesystem::exists(shipped)) {
    SIGID_TRY(ConfigLayer layer, readPropertiesFile(shipped));
    sources.layers.push_back(std::move(layer));
  }
  if (cli.config_file) {
    SIGID_TRY(ConfigLayer layer, readPropertiesFile(*cli.config_file));
    sources.layers.push_back(std::move(layer));
  }
  sources.layers.push_back(environmentLayer(environment));
  return loadConfig(sources);
}

std::string usage() {
  return "usage: sigid COMMAND [--config FILE]\n"
         "\n"
         "commands:\n"
         "  serve          run the kernel (HTTP server); SIGTERM drains and exits 0\n"
         "  migrate        apply pending database migrations and exit\n"
         "  config check   validate the configuration and exit (non-zero with one line per problem)\n"
         "  plugins list [--json]\n"
         "                 load the configured plugin folders and list plugins (id, version, kinds)\n"
         "                 and refused files with the reason; exits 1 when any file was refused\n"
         "  audit verify --tenant SLUG\n"
         "                 recompute the tenant's audit hash chain; exits 1 when a row was altered,\n"
         "                 deleted or reordered\n"
         "  keys rotate --tenant SLUG [--alg ES256|RS256|EdDSA]\n"
         "                 rotate a tenant's signing keys: next becomes current, current stays in\n"
         "                 JWKS for keys.rotation_overlap_seconds\n"
         "  policy test DIR\n"
         "                 run the *_test.lua policy fixtures in DIR; exits 1 when a case fails\n"
         "  version        print the version\n"
         "\n"
         "configuration: ./config/sigid.properties, then --config FILE, then SIGID_* environment\n"
         "variables (SIGID_HTTP_PORT for http.port). See docs/operators.md.\n";
}

}  // namespace sigid::app
