#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "integration/http_client.hpp"
#include "integration/sigid_process.hpp"
#include "support/mysql_test_database.hpp"

namespace sigid::testing {

enum class Backend { Sqlite, Mariadb };

inline std::string backendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::Sqlite ? "Sqlite" : "Mariadb";
}

// A running kernel on the parameter's database, with an HTTP client and the
// bootstrap credential. Every integration suite runs on SQLite and on MariaDB.
class KernelTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // The database URL the kernel uses (for direct checks and restarts).
  std::string databaseUrl() const;
  std::map<std::string, std::string> kernelEnv() const;
  // Stops the kernel and starts a new one on the same database and directory.
  void restart();

  std::map<std::string, std::string> admin() const { return {{"Authorization", "Bearer " + credential_}}; }
  HttpClient& http() { return *http_; }
  // POST /api/v1/system/tenants with {"name","slug"}; asserts 201; returns the body.
  Poco::JSON::Object::Ptr provision(const std::string& slug, const std::string& name = "Test Tenant");

  std::unique_ptr<MysqlTestDatabase> mysql_;
  std::unique_ptr<SigidProcess> kernel_;
  std::unique_ptr<HttpClient> http_;
  std::string credential_;
};

}  // namespace sigid::testing
