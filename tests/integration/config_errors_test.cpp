// Start-up refuses bad configuration with one line per problem, naming the key.
#include <gtest/gtest.h>

#include <fstream>

#include "integration/sigid_process.hpp"

namespace sigid::testing {
namespace {

TEST(ConfigErrors, UnknownKeysAndBadValuesStopStartUpNamingTheKey) {
  SigidProcess kernel({{"SIGID_HTTP_PORTT", "80"}, {"SIGID_DATABASE_POOL_SIZE", "many"}});
  std::string out;
  int status = kernel.runCommand("serve", &out);
  EXPECT_NE(status, 0);
  EXPECT_NE(out.find("SIGID_HTTP_PORTT"), std::string::npos) << out;
  EXPECT_NE(out.find("database.pool_size"), std::string::npos) << out;
}

TEST(ConfigErrors, ConfigFileUnknownKeyIsRefused) {
  SigidProcess kernel;
  std::filesystem::create_directories(kernel.workDir());
  {
    std::ofstream file(kernel.workDir() / "bad.properties");
    file << "http.port = 0\nhttp.prot = 9\n";
  }
  std::string out;
  EXPECT_NE(kernel.runCommand("config check --config bad.properties", &out), 0);
  EXPECT_NE(out.find("http.prot"), std::string::npos) << out;
  EXPECT_EQ(kernel.runCommand("config check", &out), 0) << out;
}

TEST(ConfigErrors, ProductionModeRefusesToStartWithoutTlsAndMasterKey) {
  SigidProcess kernel(std::map<std::string, std::string>{{"SIGID_MODE", "production"}});
  std::string out;
  EXPECT_NE(kernel.runCommand("serve", &out), 0);
  EXPECT_NE(out.find("security.master_key"), std::string::npos) << out;
}

TEST(GracefulShutdown, SigtermExitsZero) {
  SigidProcess kernel;
  kernel.start();
  EXPECT_EQ(kernel.stop(), 0) << kernel.logText();
  EXPECT_NE(kernel.logText().find("termination requested"), std::string::npos);
}

}  // namespace
}  // namespace sigid::testing
