#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/crypto/secret_sealer.hpp"
#include "core/ids.hpp"
#include "store/migrator.hpp"
#include "store/open_database.hpp"
#include "support/mysql_test_database.hpp"

namespace sigid::events::testing {

enum class Backend { Sqlite, Mariadb };

inline std::string backendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::Sqlite ? "Sqlite" : "Mariadb";
}

// Seals by prefixing: enough to prove the service never stores the secret as given.
class FakeSealer final : public core::crypto::SecretSealer {
 public:
  core::Result<std::string> seal(const core::TenantId& t, std::string_view purpose, std::string_view text) override {
    return "sealed:" + t.str() + ":" + std::string(purpose) + ":" + std::string(text);
  }
  core::Result<std::string> unseal(const core::TenantId& t, std::string_view purpose, std::string_view sealed) override {
    const std::string prefix = "sealed:" + t.str() + ":" + std::string(purpose) + ":";
    if (!sealed.starts_with(prefix)) return core::Error::internal("wrong tenant or purpose");
    return std::string(sealed.substr(prefix.size()));
  }
};

// A migrated database on the parameter's backend.
class EventsDbTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    std::string url;
    if (GetParam() == Backend::Mariadb) {
      mysql_ = std::make_unique<sigid::testing::MysqlTestDatabase>();
      url = mysql_->url();
    } else {
      dir_ = std::filesystem::temp_directory_path() / ("sigid-events-" + core::Uuid::v4().str());
      std::filesystem::create_directories(dir_);
      url = "sqlite:" + (dir_ / "t.db").string();
    }
    auto db = store::openDatabase({url});
    ASSERT_TRUE(db.ok()) << db.error().detail();
    db_ = std::move(*db);
    store::MigrationOptions options;
    options.mysql_partitions = 2;
    auto migrated = store::migrate(*db_, options);
    ASSERT_TRUE(migrated.ok()) << migrated.error().detail();
  }
  void TearDown() override {
    db_.reset();
    mysql_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  core::ManualClock clock_{std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000))};
  std::unique_ptr<sigid::testing::MysqlTestDatabase> mysql_;
  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
};

}  // namespace sigid::events::testing
