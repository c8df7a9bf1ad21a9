// The public SDK headers are the plugin ABI. This test hashes them, so a change
// under sdk/include/sigid/sdk/ cannot land without someone deciding whether it
// breaks plugins already built. To update after a change:
//   - if the change alters a layout, a virtual function, a signature or a macro a
//     plugin compiles in: bump SIGID_SDK_ABI_VERSION in abi.hpp, then
//   - set kExpected below to {the ABI version, the hash this test prints}.
// A comment-only change needs only the new hash (docs/plugins.md, "ABI policy").
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/hashing.hpp"
#include "sigid/sdk/abi.hpp"

namespace sigid::plugins {
namespace {

struct Expected {
  int abi_version;
  const char* headers_sha256;
};
constexpr Expected kExpected{1, "af68298559e39cf3fca420b27804434217c34335041bc7bd047e8b5dfa6a02ce"};

std::string hashSdkHeaders() {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(SIGID_SOURCE_DIR) / "sdk/include/sigid/sdk";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(root))
    if (entry.path().extension() == ".hpp") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::string all;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    all += file.filename().string() + '\0' + text.str() + '\0';
  }
  return core::sha256Hex(all);
}

TEST(SdkAbi, PublicHeadersMatchTheRecordedHashForThisAbiVersion) {
  const std::string actual = hashSdkHeaders();
  EXPECT_EQ(SIGID_SDK_ABI_VERSION, kExpected.abi_version)
      << "SIGID_SDK_ABI_VERSION changed: record the new version and hash in kExpected";
  EXPECT_EQ(actual, kExpected.headers_sha256)
      << "the SDK headers changed. If plugins built before this change would break, bump SIGID_SDK_ABI_VERSION. "
         "Then set kExpected to {"
      << SIGID_SDK_ABI_VERSION << ", \"" << actual << "\"} (see the comment at the top of this file)";
}

TEST(SdkAbi, TheEntryNameCarriesTheAbiVersion) {
  EXPECT_EQ(std::string(sdk::kEntryAlias), "sigid_plugin_abi" + std::to_string(SIGID_SDK_ABI_VERSION));
}

}  // namespace
}  // namespace sigid::plugins
