#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "store/migrator.hpp"
#include "store/open_database.hpp"
#include "tenancy/tenant_service.hpp"
#include "tenancy/user_service.hpp"

namespace sigid::testing {

// A migrated SQLite file with one tenant, a user service and a clock tests move.
class HostedDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("sigid-hosted-" + core::Uuid::v4().str());
    std::filesystem::create_directories(dir_);
    auto db = store::openDatabase({"sqlite:" + (dir_ / "t.db").string()});
    ASSERT_TRUE(db.ok()) << db.error().detail();
    db_ = std::move(*db);
    auto migrated = store::migrate(*db_);
    ASSERT_TRUE(migrated.ok()) << migrated.error().detail();
    tenants_ = std::make_unique<tenancy::TenantService>(*db_, clock_);
    users_ = std::make_unique<tenancy::UserService>(*db_, clock_, *tenants_);
    tenant_ = provision("acme");
  }
  void TearDown() override {
    users_.reset();
    tenants_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  tenancy::Tenant provision(const std::string& slug) {
    auto t = tenants_->provision(core::Actor::system(), {"Tenant " + slug, slug, "free", {}});
    EXPECT_TRUE(t.ok());
    return *t;
  }
  tenancy::Member member(const tenancy::Tenant& tenant, const std::string& email) {
    auto m = users_->create(core::Actor::system(), tenant, {email, "Name", {}});
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().description());
    return *m;
  }

  std::filesystem::path dir_;
  core::ManualClock clock_{std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000))};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<tenancy::TenantService> tenants_;
  std::unique_ptr<tenancy::UserService> users_;
  tenancy::Tenant tenant_;
};

}  // namespace sigid::testing
