#include "integration/kernel_fixture.hpp"

namespace sigid::testing {

void KernelTest::SetUp() {
  if (GetParam() == Backend::Mariadb) mysql_ = std::make_unique<MysqlTestDatabase>();
  kernel_ = std::make_unique<SigidProcess>(kernelEnv());
  kernel_->start();
  credential_ = kernel_->bootstrapCredential();
  ASSERT_FALSE(credential_.empty()) << kernel_->stdoutText();
  http_ = std::make_unique<HttpClient>(kernel_->port());
}

void KernelTest::TearDown() {
  if (kernel_ && kernel_->running()) {
    int status = kernel_->stop();
    EXPECT_EQ(status, 0) << "sigid did not exit cleanly on SIGTERM; log:\n" << kernel_->logText();
  }
  kernel_.reset();
  mysql_.reset();
}

std::string KernelTest::databaseUrl() const {
  if (mysql_) return mysql_->url();
  return "sqlite:" + (kernel_ ? (kernel_->workDir() / "var/sigid.db").string() : std::string("var/sigid.db"));
}

std::map<std::string, std::string> KernelTest::kernelEnv() const {
  std::map<std::string, std::string> env;
  if (mysql_) {
    env["SIGID_DATABASE_URL"] = mysql_->url();
    env["SIGID_DATABASE_MYSQL_PARTITIONS"] = "4";
  }
  return env;
}

void KernelTest::restart() {
  ASSERT_EQ(kernel_->stop(), 0) << kernel_->logText();
  kernel_->start();
  http_ = std::make_unique<HttpClient>(kernel_->port());
}

Poco::JSON::Object::Ptr KernelTest::provision(const std::string& slug, const std::string& name) {
  auto res = http_->sendJson("POST", "/api/v1/system/tenants",
                             R"({"name":")" + name + R"(","slug":")" + slug + R"("})", admin());
  EXPECT_EQ(res.status, 201) << res.body;
  return res.json();
}

}  // namespace sigid::testing
