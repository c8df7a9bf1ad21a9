#pragma once

#include <filesystem>
#include <string>

namespace sigid::plugins::testing {

// A fresh 0700 folder that is removed with its contents at the end of the test.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Copies a built plugin into `dir` as `name` with mode 0755; returns the copy's path.
std::filesystem::path copyPlugin(const std::string& built, const std::filesystem::path& dir, const std::string& name);

std::string sha256OfFile(const std::filesystem::path& file);

}  // namespace sigid::plugins::testing
