#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <sstream>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/encoding.hpp"
#include "core/log.hpp"
#include "core/random.hpp"
#include "crypto_store/data_key_service.hpp"
#include "oauth/keys/key_service.hpp"
#include "tenancy/tenant_service.hpp"
#include "test_database.hpp"

namespace sigid::testing {

// A migrated database, a manual clock, a sealer under a fresh master key, and
// helpers to provision and re-read tenants.
class KeyFixture : public ::testing::Test {
 protected:
  KeyFixture()
      : database_(openMigratedTestDatabase()),
        clock_(std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000))),
        log_(log_text_, core::LogLevel::Debug, &clock_),
        master_key_(core::base64Encode(core::randomBytes(32))),
        tenants_(db(), clock_) {
    auto sealer = crypto_store::DataKeyService::open(db(), clock_, log_, master_key_);
    if (!sealer) throw std::runtime_error(sealer.error().detail());
    sealer_ = std::move(sealer).value();
  }

  store::Database& db() { return database_->db(); }

  tenancy::Tenant provision(const std::string& slug) {
    tenancy::NewTenant request;
    request.name = slug;
    request.slug = slug;
    auto tenant = tenants_.provision(core::Actor::system(), request);
    EXPECT_TRUE(tenant.ok()) << (tenant.ok() ? "" : tenant.error().detail());
    return tenant.ok() ? *tenant : tenancy::Tenant{};
  }

  // The tenant as a node's tenant cache would see it after refreshing.
  tenancy::Tenant reread(const tenancy::Tenant& tenant) {
    auto fresh = tenants_.find(tenant.id.str());
    EXPECT_TRUE(fresh.ok());
    return fresh.ok() ? *fresh : tenant;
  }

  std::unique_ptr<oauth::KeyService> keyService(store::Database& db, std::chrono::seconds overlap = std::chrono::hours(1)) {
    return std::make_unique<oauth::KeyService>(db, *sealer_, clock_, log_, oauth::KeyServiceOptions{overlap});
  }

  std::unique_ptr<TestDatabase> database_;
  core::ManualClock clock_;
  std::ostringstream log_text_;
  core::Logger log_;
  std::string master_key_;
  tenancy::TenantService tenants_;
  std::unique_ptr<crypto_store::DataKeyService> sealer_;
};

}  // namespace sigid::testing
