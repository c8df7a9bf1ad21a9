#include "app/serve_command.hpp"

#include <Poco/Util/ServerApplication.h>
#include <sys/resource.h>

#include <algorithm>
#include <iostream>

#include "app/kernel.hpp"

namespace sigid::app {
namespace {

// Every connection is a file descriptor, and the soft limit is often 1024
// while the hard one is far higher: raise the soft limit so that
// http.max_connections (plus the database, plugins and logs) can be reached.
void raiseDescriptorLimit(unsigned max_connections, core::Logger& logger) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  constexpr rlim_t kHeadroom = 1024;
  const rlim_t needed = static_cast<rlim_t>(max_connections) + kHeadroom;
  const rlim_t wanted = std::min(limit.rlim_max, needed);
  if (limit.rlim_cur < wanted) {
    const rlim_t before = limit.rlim_cur;
    limit.rlim_cur = wanted;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) limit.rlim_cur = before;
  }
  if (limit.rlim_cur < needed) {
    logger.warning("open-file limit is below http.max_connections",
                   {{"limit", static_cast<std::int64_t>(limit.rlim_cur)},
                    {"max_connections", static_cast<std::int64_t>(max_connections)}});
  }
}

class SigidServer final : public Poco::Util::ServerApplication {
 public:
  SigidServer(KernelConfig config, core::Logger& logger) : config_(std::move(config)), logger_(logger) {}

 protected:
  int main(const std::vector<std::string>&) override {
    raiseDescriptorLimit(config_.http.max_connections, logger_);
    Kernel kernel(config_, logger_);
    auto started = kernel.start();
    if (!started) {
      const auto& e = started.error();
      logger_.critical("start-up failed", {{"error", e.description()}, {"detail", e.detail()}});
      std::cerr << "sigid: could not start: " << e.description()
                << (e.detail().empty() ? "" : " (" + e.detail() + ")") << "\n";
      return EXIT_SOFTWARE;
    }
    announce(kernel);
    waitForTerminationRequest();  // SIGTERM, SIGINT or SIGQUIT
    logger_.info("termination requested");
    kernel.stop();
    return EXIT_OK;
  }

 private:
  // Plain text on stdout, apart from the JSON logs on stderr: this is for the
  // person who typed `make run`, and the credential must not go to log storage.
  void announce(Kernel& kernel) {
    const std::string local = std::string(config_.http.tls_cert_file.empty() ? "http" : "https") + "://" +
                              config_.http.host + ":" + std::to_string(kernel.port());
    std::cout << "SigID is serving on " << local << "\n"
              << "  public base URL:  " << config_.http.public_base_url << "\n"
              << "  health:           " << local << "/healthz\n"
              << "  readiness:        " << local << "/readyz\n"
              << "  metrics:          " << local << "/metrics\n"
              << "  system API:       " << local << "/api/v1/system/tenants\n"
              << "  tenant issuers:   " << config_.http.public_base_url << "/t/{slug}\n";
    if (auto credential = kernel.takeBootstrapCredential()) {
      std::cout << "\nBootstrap credential (shown once, only its hash is stored): " << *credential << "\n"
                << "  use it as:  Authorization: Bearer " << *credential << "\n";
    }
    std::cout << std::flush;
  }

  KernelConfig config_;
  core::Logger& logger_;
};

}  // namespace

int runServe(KernelConfig config, core::Logger& logger, char* argv0) {
  SigidServer server(std::move(config), logger);
  // Only argv[0]: our own options were parsed already, and Poco must not read them.
  char* args[] = {argv0, nullptr};
  return server.run(1, args);
}

}  // namespace sigid::app
