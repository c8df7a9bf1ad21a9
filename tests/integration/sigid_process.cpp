#include "integration/sigid_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace sigid::testing {
namespace {

std::string binary() {
  if (const char* path = std::getenv("TEST_SIGID_BINARY")) return path;  // an override for debugging
  return SIGID_TEST_BINARY;
}

std::filesystem::path makeScratchDir() {
  std::random_device rd;
  auto dir = std::filesystem::temp_directory_path() / ("sigid-it-" + std::to_string(rd()) + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  return dir;
}

std::vector<std::string> childEnvironment(const std::map<std::string, std::string>& overrides) {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    auto eq = kv.find('=');
    if (eq == std::string::npos) continue;
    std::string key = kv.substr(0, eq);
    if (key.starts_with("SIGID_")) continue;  // only what the test says
    env[key] = kv.substr(eq + 1);
  }
  env["SIGID_HTTP_PORT"] = "0";
  env["SIGID_DATABASE_URL"] = "sqlite:var/sigid.db";
  env["SIGID_HTTP_DRAIN_TIMEOUT_SECONDS"] = "5";
  // ASan's leak checker adds seconds at exit and reports Poco's static caches.
  env["ASAN_OPTIONS"] = "detect_leaks=0";
  for (const auto& [k, v] : overrides) env[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

pid_t spawn(const std::filesystem::path& dir, const std::vector<std::string>& args,
            const std::vector<std::string>& env, int stdout_fd, const std::filesystem::path& stderr_file) {
  std::vector<char*> argv, envp;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  std::string dir_text = dir.string(), err_text = stderr_file.string();
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {  // only async-signal-safe calls until exec
    if (chdir(dir_text.c_str()) != 0) _exit(126);
    int err = open(err_text.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (err >= 0) dup2(err, 2);
    if (stdout_fd >= 0) dup2(stdout_fd, 1);
    // Nothing else of the test's goes with it: an inherited listening socket
    // (a test receiver's) would keep its port half-open in the kernel process,
    // and the kernel would share a restarted receiver's SO_REUSEPORT
    // connections with a socket nobody accepts on.
    if (close_range(3, ~0U, 0) != 0)
      for (int fd = 3; fd < 4096; ++fd) close(fd);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

std::vector<std::string> splitArgs(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

}  // namespace

SigidProcess::SigidProcess(std::map<std::string, std::string> env, std::optional<std::filesystem::path> work_dir)
    : env_(std::move(env)) {
  if (work_dir) {
    work_dir_ = *work_dir;
    std::filesystem::create_directories(work_dir_);
  } else {
    work_dir_ = makeScratchDir();
    own_dir_ = true;
  }
}

SigidProcess::~SigidProcess() {
  if (pid_ > 0) kill9();
  if (stdout_fd_ >= 0) close(stdout_fd_);
  if (own_dir_ && !std::getenv("TEST_KEEP_SCRATCH")) {
    std::error_code ec;
    std::filesystem::remove_all(work_dir_, ec);
  }
}

void SigidProcess::start(std::chrono::seconds timeout) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  pid_ = spawn(work_dir_, {binary(), "serve"}, childEnvironment(env_), fds[1], work_dir_ / "sigid.log");
  close(fds[1]);
  if (stdout_fd_ >= 0) close(stdout_fd_);
  stdout_fd_ = fds[0];
  stdout_.clear();
  credential_.clear();
  port_ = 0;

  static const std::regex kServing(R"(serving on https?://[^:]+:([0-9]+))");
  static const std::regex kCredential(R"(Bootstrap credential[^:]*: (sigid_sys_[A-Za-z0-9_-]+))");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{stdout_fd_, POLLIN, 0};
    // After the port line, wait briefly for the rest of the announcement.
    int wait_ms = port_ ? 300 : 200;
    if (poll(&p, 1, wait_ms) > 0) {
      char buf[4096];
      ssize_t n = read(stdout_fd_, buf, sizeof buf);
      if (n > 0) stdout_.append(buf, static_cast<std::size_t>(n));
      if (n == 0 && !port_) break;  // closed: it exited
      continue;
    }
    std::smatch m;
    if (!port_ && std::regex_search(stdout_, m, kServing)) port_ = static_cast<std::uint16_t>(std::stoi(m[1]));
    if (port_) {
      if (std::regex_search(stdout_, m, kCredential)) credential_ = m[1];
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      break;
    }
  }
  std::string log = logText();
  if (pid_ > 0) kill9();
  throw std::runtime_error("sigid did not start; stdout:\n" + stdout_ + "\nlog:\n" + log);
}

int SigidProcess::stop(std::chrono::seconds timeout) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill9();
  return -SIGKILL;
}

void SigidProcess::kill9() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string SigidProcess::logText() const {
  std::ifstream in(work_dir_ / "sigid.log");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int SigidProcess::runCommand(const std::string& args, std::string* out) const {
  std::vector<std::string> argv{binary()};
  for (auto& a : splitArgs(args)) argv.push_back(a);
  auto out_file = work_dir_ / "command.out";
  std::filesystem::remove(out_file);
  int fd = open(out_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  pid_t pid = spawn(work_dir_, argv, childEnvironment(env_), fd, out_file);
  close(fd);
  int status = 0;
  waitpid(pid, &status, 0);
  if (out) {
    std::ifstream in(out_file);
    std::stringstream s;
    s << in.rdbuf();
    *out = s.str();
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace sigid::testing
