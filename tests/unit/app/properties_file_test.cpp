#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "app/config.hpp"

namespace sigid::app {
namespace {

namespace fs = std::filesystem;

class PropertiesFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sigid-properties-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& text) {
    auto path = (dir_ / "test.properties").string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  fs::path dir_;
};

TEST_F(PropertiesFile, ReadsKeysValuesCommentsAndBlankLines) {
  auto layer = readPropertiesFile(write(
      "# a comment\n"
      "! another comment\n"
      "\n"
      "   http.port   =   9090   \n"
      "http.host:0.0.0.0\n"
      "database.url = mysql://u:p@db:3306/sigid?socket=/run/x.sock\n"
      "security.master_key = abc+/def==\n"
      "http.tls_cert_file =\n"));
  ASSERT_TRUE(layer.ok()) << layer.error().description();
  EXPECT_EQ(*layer, (ConfigLayer{{"http.port", "9090"},
                                 {"http.host", "0.0.0.0"},
                                 {"database.url", "mysql://u:p@db:3306/sigid?socket=/run/x.sock"},
                                 {"security.master_key", "abc+/def=="},
                                 {"http.tls_cert_file", ""}}));
}

TEST_F(PropertiesFile, AcceptsWindowsLineEndingsAndAByteOrderMark) {
  auto layer = readPropertiesFile(write("\xEF\xBB\xBFmode = dev\r\nlog.level = debug\r\n"));
  ASSERT_TRUE(layer.ok()) << layer.error().description();
  EXPECT_EQ(*layer, (ConfigLayer{{"mode", "dev"}, {"log.level", "debug"}}));
}

TEST_F(PropertiesFile, KeepsKeysAsWrittenForLoadConfigToJudge) {
  auto layer = readPropertiesFile(write("no.such.key = 1\n"));
  ASSERT_TRUE(layer.ok());
  EXPECT_EQ(layer->count("no.such.key"), 1u);
}

TEST_F(PropertiesFile, MissingFileIsAnErrorNamingThePath) {
  auto path = (dir_ / "absent.properties").string();
  auto layer = readPropertiesFile(path);
  ASSERT_FALSE(layer.ok());
  EXPECT_EQ(layer.error().description(), path + ": configuration file not found");
}

TEST_F(PropertiesFile, DirectoryIsAnError) {
  auto layer = readPropertiesFile(dir_.string());
  ASSERT_FALSE(layer.ok());
  EXPECT_NE(layer.error().description().find("is a directory"), std::string::npos);
}

TEST_F(PropertiesFile, ReportsEveryBadLineWithItsNumber) {
  auto path = write(
      "http.port = 1\n"
      "just words\n"
      "= value\n"
      "http port = 2\n"
      "http.host = a \\\n"
      "http.port = 3\n");
  auto layer = readPropertiesFile(path);
  ASSERT_FALSE(layer.ok());
  EXPECT_EQ(layer.error().description(),
            path + ":2: expected key = value\n" +
            path + ":3: expected key = value, with no spaces in the key\n" +
            path + ":4: expected key = value, with no spaces in the key\n" +
            path + ":5: line continuations (a trailing \\) are not supported\n" +
            path + ":6: http.port: already set on line 1");
}

}  // namespace
}  // namespace sigid::app
