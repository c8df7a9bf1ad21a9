#include <csignal>
#include <iostream>

#include "app/audit_command.hpp"
#include "app/keys_command.hpp"
#include "app/cli.hpp"
#include "app/config.hpp"
#include "app/kernel.hpp"
#include "app/policy_command.hpp"
#include "app/policy_runtime.hpp"
#include "app/plugins_command.hpp"
#include "app/serve_command.hpp"
#include "core/log.hpp"

extern char** environ;

namespace {

// Block the termination signals before any thread exists: every thread inherits
// the mask, so SIGTERM is taken only by ServerApplication's sigwait and can
// never kill the process in the middle of a request.
void blockTerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGQUIT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
}

int configError(const sigid::core::Error& error) {
  std::cerr << "sigid: configuration refused:\n" << error.description() << "\n";
  return 78;  // EX_CONFIG
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sigid;
  auto cli = app::parseCommandLine(argc, argv);
  if (!cli) {
    std::cerr << "sigid: " << cli.error().description() << "\n" << app::usage();
    return 64;  // EX_USAGE
  }
  if (cli->command == "help") {
    std::cout << app::usage();
    return 0;
  }
  if (cli->command == "version") {
    std::cout << "sigid " << SIGID_VERSION << "\n";
    return 0;
  }

  auto config = app::loadKernelConfig(*cli, environ);
  if (!config) return configError(config.error());
  core::Logger logger(core::parseLogLevel(config->log.level).value_or(core::LogLevel::Info));

  if (cli->command == "config" && cli->args == std::vector<std::string>{"check"}) {
    if (auto baseline = app::loadBaselinePolicy(config->policy.baseline_file); !baseline)
      return configError(baseline.error());
    std::cout << "configuration ok\n";
    return 0;
  }
  if (cli->command == "migrate") {
    auto migrated = app::migrateDatabase(*config, logger);
    if (!migrated) {
      std::cerr << "sigid: migration failed: " << migrated.error().description() << " ("
                << migrated.error().detail() << ")\n";
      return 1;
    }
    return 0;
  }
  if (cli->command == "plugins" && !cli->args.empty() && cli->args[0] == "list" && cli->args.size() <= 2) {
    const bool json = cli->args.size() == 2 && cli->args[1] == "--json";
    if (cli->args.size() == 2 && !json) {
      std::cerr << "sigid: plugins list takes only --json\n" << app::usage();
      return 64;
    }
    return app::runPluginsList(*config, logger, json, std::cout);
  }
  if (cli->command == "policy") return app::runPolicyCommand(*config, cli->args);
  if (cli->command == "keys") return app::runKeysCommand(*config, logger, cli->args);
  if (cli->command == "audit") return app::runAuditCommand(*config, cli->args, std::cout, std::cerr);
  if (cli->command == "serve") {
    blockTerminationSignals();
    return app::runServe(std::move(*config), logger, argv[0]);
  }
  std::cerr << "sigid: unknown command '" << cli->command << "'\n" << app::usage();
  return 64;
}
