#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace sigid::testing {

// The real `sigid serve` binary (built path compiled in; TEST_SIGID_BINARY overrides) as a child process in its
// own scratch directory, listening on an ephemeral port. Its stdout (the
// announcement and the bootstrap credential) is parsed; its JSON logs go to
// a file the test can read.
class SigidProcess {
 public:
  // `env` are SIGID_* settings on top of the test defaults (port 0, a SQLite
  // file in the scratch directory). `work_dir` is kept across restarts when given.
  explicit SigidProcess(std::map<std::string, std::string> env = {},
                        std::optional<std::filesystem::path> work_dir = std::nullopt);
  ~SigidProcess();
  SigidProcess(const SigidProcess&) = delete;
  SigidProcess& operator=(const SigidProcess&) = delete;

  // Starts and waits until it announces its port. Throws with the log when it
  // exits or stays silent.
  void start(std::chrono::seconds timeout = std::chrono::seconds(60));
  // SIGTERM, then waits; returns the exit status (or -signal when killed).
  int stop(std::chrono::seconds timeout = std::chrono::seconds(30));
  void kill9();
  bool running() const { return pid_ > 0; }

  std::uint16_t port() const { return port_; }
  const std::string& bootstrapCredential() const { return credential_; }
  const std::filesystem::path& workDir() const { return work_dir_; }
  std::string stdoutText() const { return stdout_; }
  std::string logText() const;

  // Runs `sigid ARGS...` to completion in the same directory and environment
  // (for `sigid migrate`, `sigid config check`); returns exit status, output in `out`.
  int runCommand(const std::string& args, std::string* out = nullptr) const;

 private:
  std::map<std::string, std::string> env_;
  std::filesystem::path work_dir_;
  bool own_dir_ = false;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::uint16_t port_ = 0;
  std::string credential_;
  std::string stdout_;
};

}  // namespace sigid::testing
