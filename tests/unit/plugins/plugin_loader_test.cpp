// Real .so files built from tests/fixtures/plugins, one per failure mode; each
// refusal asserts the operator's message, and the loader keeps going.
#include "plugins/plugin_loader.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "plugin_test_support.hpp"

namespace sigid::plugins {
namespace {

namespace fs = std::filesystem;
using testing::copyPlugin;
using testing::ScratchDir;

class PluginLoaderTest : public ::testing::Test {
 protected:
  // Loads `file` with the given allowlist; returns the refusal reason ("" when loaded).
  std::string load(const fs::path& file, std::vector<std::string> allowlist = {}) {
    auto entries = parseAllowlist(allowlist);
    EXPECT_TRUE(entries.ok());
    PluginLoader loader(TrustPolicy(*entries), logger_, &faults_);
    auto result = loader.loadFile(file, registry_);
    if (result.ok()) return "";
    EXPECT_EQ(registry_.failures().back().file, file);
    return registry_.failures().back().reason;
  }

  std::string logText() const { return log_.str(); }

  ScratchDir dir_;
  std::ostringstream log_;
  core::Logger logger_{log_, core::LogLevel::Info};
  PluginFaults faults_;
  PluginRegistry registry_;
};

TEST_F(PluginLoaderTest, LoadsAGoodPluginWithItsManifestAndFactories) {
  auto file = copyPlugin(FIXTURE_GOOD, dir_.path(), "good.so");
  EXPECT_EQ(load(file), "");
  const LoadedPlugin* plugin = registry_.find("io.sigid.test.good");
  ASSERT_NE(plugin, nullptr);
  EXPECT_EQ(plugin->version, "2.3.4");
  EXPECT_EQ(kindNames(plugin->kinds), (std::vector<std::string>{"sign_in_method", "webhook_transport"}));
  EXPECT_NE(plugin->factories.webhook_transport, nullptr);
  EXPECT_NE(plugin->factories.sign_in_method, nullptr);
  EXPECT_EQ(plugin->factories.billing_provider, nullptr);
  EXPECT_NE(logText().find(R"("msg":"plugin loaded","plugin":"io.sigid.test.good")"), std::string::npos) << logText();
}

TEST_F(PluginLoaderTest, RefusesAnotherAbiFromTheSymbolTable) {
  auto file = copyPlugin(FIXTURE_WRONG_ABI, dir_.path(), "wrong-abi.so");
  EXPECT_EQ(load(file), "was built for SDK ABI 999, this kernel loads ABI 1 (rebuild it against the installed SDK)");
  EXPECT_NE(logText().find(R"("msg":"plugin refused")"), std::string::npos);
}

TEST_F(PluginLoaderTest, RefusesASharedObjectWithoutAnEntry) {
  auto file = copyPlugin(FIXTURE_NO_ENTRY, dir_.path(), "no-entry.so");
  EXPECT_EQ(load(file), "exports no SigID plugin entry (sigid_plugin_abi1); is it a SigID plugin?");
}

TEST_F(PluginLoaderTest, RefusesAFileThatIsNotAnElf) {
  fs::path file = dir_.path() / "not-elf.so";
  std::ofstream(file) << "#!/bin/sh\necho not a library\n";
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(load(file), "is not an ELF shared object");
}

TEST_F(PluginLoaderTest, RefusesAWorldWritableFile) {
  auto file = copyPlugin(FIXTURE_GOOD, dir_.path(), "good.so");
  fs::permissions(file, fs::perms::others_write, fs::perm_options::add);
  EXPECT_EQ(load(file), "the file is world-writable");
  EXPECT_EQ(registry_.find("io.sigid.test.good"), nullptr);
}

TEST_F(PluginLoaderTest, RefusesAFileInAWorldWritableFolder) {
  fs::path folder = dir_.path() / "open";
  fs::create_directory(folder);
  auto file = copyPlugin(FIXTURE_GOOD, folder, "good.so");
  fs::permissions(folder, fs::perms::all);  // 0777, no sticky bit
  EXPECT_EQ(load(file), "folder " + folder.string() + " is world-writable");
}

TEST_F(PluginLoaderTest, HonoursTheAllowlistByFileNameOrStem) {
  auto file = copyPlugin(FIXTURE_GOOD, dir_.path(), "good.so");
  EXPECT_EQ(load(file, {"other.so"}), "is not on plugins.allowlist");
  EXPECT_EQ(load(file, {"good"}), "");
}

TEST_F(PluginLoaderTest, RefusesAFileWhoseHashDoesNotMatchItsPin) {
  auto file = copyPlugin(FIXTURE_GOOD, dir_.path(), "good.so");
  const std::string actual = testing::sha256OfFile(file);
  const std::string wrong(64, '0');
  EXPECT_EQ(load(file, {"good.so=sha256:" + wrong}),
            "has SHA-256 " + actual + " but plugins.allowlist pins " + wrong);
  EXPECT_EQ(load(file, {"good.so=sha256:" + actual}), "");
}

TEST_F(PluginLoaderTest, RefusesADuplicateIdNamingTheFirstFile) {
  auto first = copyPlugin(FIXTURE_GOOD, dir_.path(), "good.so");
  auto second = copyPlugin(FIXTURE_GOOD_DUPLICATE, dir_.path(), "good-duplicate.so");
  EXPECT_EQ(load(first), "");
  EXPECT_EQ(load(second), "duplicate plugin id io.sigid.test.good: already loaded from " + first.string());
  EXPECT_EQ(registry_.find("io.sigid.test.good")->version, "2.3.4");
}

TEST_F(PluginLoaderTest, APluginThatThrowsWhileRegisteringIsRefusedAndTheLoaderCarriesOn) {
  auto throws = copyPlugin(FIXTURE_THROWS_AT_LOAD, dir_.path(), "a-throws.so");
  EXPECT_EQ(load(throws),
            "plugin io.sigid.test.throws-at-load failed to register: plugin io.sigid.test.throws-at-load: plugin "
            "threw: cannot find my license file");
  EXPECT_EQ(faults_.count(), 1u);
  EXPECT_EQ(load(copyPlugin(FIXTURE_GOOD, dir_.path(), "good.so")), "");
}

TEST_F(PluginLoaderTest, LoadsAFolderInNameOrderRecordingEveryRefusal) {
  copyPlugin(FIXTURE_GOOD, dir_.path(), "b-good.so");
  copyPlugin(FIXTURE_GOOD_DUPLICATE, dir_.path(), "c-duplicate.so");
  copyPlugin(FIXTURE_WRONG_ABI, dir_.path(), "a-wrong-abi.so");
  copyPlugin(FIXTURE_THROWS_IN_CALL, dir_.path(), "d-throws-in-call.so");
  std::ofstream(dir_.path() / "README.txt") << "not a plugin, not a .so: ignored";
  PluginLoader loader(TrustPolicy({}), logger_, &faults_);
  loader.loadDirectories({dir_.path(), dir_.path() / "missing"}, registry_);
  ASSERT_EQ(registry_.plugins().size(), 2u);
  EXPECT_EQ(registry_.plugins()[0]->id, "io.sigid.test.good");
  EXPECT_EQ(registry_.plugins()[1]->id, "io.sigid.test.throws-in-call");
  ASSERT_EQ(registry_.failures().size(), 3u);
  EXPECT_EQ(registry_.failures()[0].file.filename(), "a-wrong-abi.so");
  EXPECT_EQ(registry_.failures()[1].file.filename(), "c-duplicate.so");
  EXPECT_EQ(registry_.failures()[2].reason, "plugin folder does not exist or is not a folder");
}

}  // namespace
}  // namespace sigid::plugins
