// TenantService against real databases: SQLite and MariaDB.
#include "tenancy/tenant_service.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "store/autocommit.hpp"
#include "store/migrator.hpp"
#include "store/open_database.hpp"
#include "support/mysql_test_database.hpp"
#include "tenancy/bootstrap.hpp"
#include "tenancy/system_authenticator.hpp"

using namespace sigid;
using namespace std::chrono_literals;

namespace {

enum class Backend { Sqlite, Mariadb };

class TenantServiceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    std::string url;
    if (GetParam() == Backend::Mariadb) {
      mysql_ = std::make_unique<sigid::testing::MysqlTestDatabase>();
      url = mysql_->url();
    } else {
      dir_ = std::filesystem::temp_directory_path() / ("sigid-tenancy-" + core::Uuid::v4().str());
      url = "sqlite:" + (dir_ / "t.db").string();
    }
    auto db = store::openDatabase({url});
    ASSERT_TRUE(db.ok()) << db.error().detail();
    db_ = std::move(*db);
    store::MigrationOptions options;
    options.mysql_partitions = 2;
    ASSERT_TRUE(store::migrate(*db_, options).ok());
    service_ = std::make_unique<tenancy::TenantService>(*db_, clock_);
  }
  void TearDown() override {
    service_.reset();
    db_.reset();
    mysql_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::vector<store::AuditRecord> audit(const tenancy::Tenant& t) {
    store::AutoCommit c(*db_);
    return *store::AuditRepository{}.recent(store::TenantScope(t.id), c, 50);
  }

  core::ManualClock clock_{std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000))};
  core::Actor actor_{"system_credential", "cred-1", "192.0.2.7", "req-1"};
  std::unique_ptr<sigid::testing::MysqlTestDatabase> mysql_;
  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<tenancy::TenantService> service_;
};

TEST_P(TenantServiceTest, ProvisionStoresTheTenantAndItsAuditRowTogether) {
  tenancy::NewTenant fresh{"Acme", "acme", "pro", {}};
  fresh.settings.require_mfa = true;
  auto t = service_->provision(actor_, fresh);
  ASSERT_TRUE(t.ok()) << t.error().detail();
  EXPECT_EQ(t->created_at, 1'800'000'000);
  auto found = service_->find("acme");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, t->id);
  EXPECT_TRUE(found->settings.require_mfa);
  auto rows = audit(*t);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].type, "tenant.provisioned");
  EXPECT_EQ(rows[0].source_ip, "192.0.2.7");
  EXPECT_EQ(rows[0].target_id, t->id.str());
}

TEST_P(TenantServiceTest, DuplicateSlugIsAConflictAndLeavesTheFirstIntact) {
  ASSERT_TRUE(service_->provision(actor_, {"First", "same", "free", {}}).ok());
  auto second = service_->provision(actor_, {"Second", "same", "free", {}});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code(), core::ErrorCode::Conflict);
  EXPECT_EQ(service_->find("same")->name, "First");
}

TEST_P(TenantServiceTest, SuspensionGatesFindActiveAndKeepsData) {
  auto t = *service_->provision(actor_, {"Gate", "gate", "free", {}});
  auto suspended = service_->suspend(actor_, "gate");
  ASSERT_TRUE(suspended.ok());
  EXPECT_EQ(suspended->config_version, t.config_version + 1);
  auto refused = service_->findActive("gate");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), core::ErrorCode::TenantSuspended);
  EXPECT_TRUE(service_->find("gate").ok());
  ASSERT_TRUE(service_->reactivate(actor_, t.id.str()).ok());
  EXPECT_TRUE(service_->findActive("gate").ok());
}

TEST_P(TenantServiceTest, CommittedChangesAreAnnouncedToCachesAndFailedOnesAreNot) {
  std::vector<std::string> announced;
  service_->onChange([&](const core::TenantId& id) { announced.push_back(id.str()); });
  auto t = *service_->provision(actor_, {"Listen", "listen", "free", {}});
  ASSERT_TRUE(service_->suspend(actor_, "listen").ok());
  ASSERT_TRUE(service_->reactivate(actor_, "listen").ok());
  ASSERT_TRUE(service_->updateProfile(actor_, "listen", tenancy::TenantProfileChange{std::string("Renamed"), std::nullopt}).ok());
  ASSERT_TRUE(service_->replaceSettings(actor_, "listen", t.settings).ok());
  EXPECT_EQ(announced, std::vector<std::string>(4, t.id.str()));
  EXPECT_FALSE(service_->suspend(actor_, "system").ok());  // refused: nothing changed, nothing announced
  EXPECT_EQ(announced.size(), 4u);
}

TEST_P(TenantServiceTest, UnknownAndMalformedIdentifiers) {
  EXPECT_EQ(service_->find("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b").error().code(), core::ErrorCode::NotFound);
  EXPECT_EQ(service_->find("nobody-here").error().code(), core::ErrorCode::NotFound);
  EXPECT_EQ(service_->find("NOT A SLUG").error().code(), core::ErrorCode::InvalidRequest);
  EXPECT_EQ(service_->suspend(actor_, "nobody-here").error().code(), core::ErrorCode::NotFound);
}

TEST_P(TenantServiceTest, BootstrapRunsOnceAndItsCredentialAuthenticates) {
  auto first = tenancy::bootstrapSystemTenant(*db_, clock_);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->has_value());
  auto second = tenancy::bootstrapSystemTenant(*db_, clock_);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->has_value());
  tenancy::SystemAuthenticator auth(*db_);
  EXPECT_TRUE(auth.authenticate(**first).ok());
  EXPECT_EQ(auth.authenticate(**first + "x").error().code(), core::ErrorCode::Unauthenticated);
  EXPECT_EQ(auth.authenticate("").error().code(), core::ErrorCode::Unauthenticated);
  // Only the hash is stored.
  auto rows = db_->query("SELECT secret_sha256 FROM system_credentials");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->at(0).text(0).find(**first), std::string::npos);
  EXPECT_EQ(service_->suspend(actor_, "system").error().code(), core::ErrorCode::Conflict);
}

TEST_P(TenantServiceTest, ListPagesInCreationOrder) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(service_->provision(actor_, {"T", "tenant-" + std::to_string(i), "free", {}}).ok());
  auto page = service_->list(2, std::nullopt);
  ASSERT_TRUE(page.ok());
  std::vector<std::string> slugs;
  std::optional<std::string> cursor;
  do {
    auto p = service_->list(2, cursor);
    ASSERT_TRUE(p.ok());
    for (auto& t : p->items) slugs.push_back(t.slug);
    cursor = p->next_cursor;
  } while (cursor);
  EXPECT_EQ(slugs, (std::vector<std::string>{"tenant-0", "tenant-1", "tenant-2", "tenant-3", "tenant-4"}));
  EXPECT_EQ(service_->list(2, std::string("garbage")).error().code(), core::ErrorCode::InvalidRequest);
}

INSTANTIATE_TEST_SUITE_P(Backends, TenantServiceTest, ::testing::Values(Backend::Sqlite, Backend::Mariadb),
                         [](const auto& info) { return info.param == Backend::Sqlite ? "Sqlite" : "Mariadb"; });

}  // namespace
