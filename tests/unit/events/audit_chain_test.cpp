// The audit hash chain on SQLite and MariaDB: appends link, concurrent writers
// never fork it, and the verifier finds altered, deleted and reordered rows.
#include <gtest/gtest.h>

#include <thread>

#include "events/audit_verifier.hpp"
#include "events/event_recorder.hpp"
#include "events/event_types.hpp"
#include "store/autocommit.hpp"
#include "unit/events/events_fixture.hpp"

using namespace sigid;
using namespace sigid::events;
using namespace sigid::events::testing;

namespace {

class AuditChain : public EventsDbTest {
 protected:
  void record(int n, const store::TenantScope& tenant) {
    EventRecorder recorder(clock_);
    for (int i = 0; i < n; ++i) {
      clock_.advance(std::chrono::milliseconds(10));
      auto done = db_->transaction([&](store::Connection& c) {
        return recorder.record(c, tenant, core::Actor{"user", "u" + std::to_string(i), "192.0.2.1", "r"},
                               DomainEvent{std::string(types::kUserUpdated), "user", "u" + std::to_string(i),
                                           Outcome::Success, "{\"n\":" + std::to_string(i) + "}"});
      });
      ASSERT_TRUE(done.ok()) << done.error().detail();
    }
  }
  AuditVerification verify() {
    auto report = verifyAuditChain(*db_, tenant_);
    EXPECT_TRUE(report.ok());
    return *report;
  }
  store::TenantScope tenant_{core::TenantId(core::Uuid::v7())};
};

TEST_P(AuditChain, AppendedEventsVerify) {
  record(5, tenant_);
  auto report = verify();
  EXPECT_TRUE(report.intact) << (report.problems.empty() ? "" : report.problems[0]);
  EXPECT_EQ(report.rows_checked, 5);
  ASSERT_TRUE(report.head);
  EXPECT_EQ(report.head->seq, 5);
}

TEST_P(AuditChain, AlteredRowIsDetected) {
  record(4, tenant_);
  ASSERT_TRUE(db_->execute("UPDATE audit_events SET data = '{\"n\":99}' WHERE tenant_id = ? AND chain_seq = 2",
                           {tenant_.str()}).ok());
  auto report = verify();
  EXPECT_FALSE(report.intact);
  ASSERT_FALSE(report.problems.empty());
  EXPECT_NE(report.problems[0].find("row 2"), std::string::npos) << report.problems[0];
  EXPECT_NE(report.problems[0].find("altered"), std::string::npos) << report.problems[0];
}

TEST_P(AuditChain, DeletedRowIsDetected) {
  record(4, tenant_);
  ASSERT_TRUE(db_->execute("DELETE FROM audit_events WHERE tenant_id = ? AND chain_seq = 3", {tenant_.str()}).ok());
  auto report = verify();
  EXPECT_FALSE(report.intact);
  ASSERT_FALSE(report.problems.empty());
  EXPECT_NE(report.problems[0].find("missing"), std::string::npos) << report.problems[0];
}

TEST_P(AuditChain, DeletedNewestRowIsDetected) {
  record(3, tenant_);
  ASSERT_TRUE(db_->execute("DELETE FROM audit_events WHERE tenant_id = ? AND chain_seq = 3", {tenant_.str()}).ok());
  EXPECT_FALSE(verify().intact);
}

TEST_P(AuditChain, ReorderedRowsAreDetected) {
  record(4, tenant_);
  // Swap the places of rows 2 and 3 (hashes travel with their rows).
  ASSERT_TRUE(db_->execute("UPDATE audit_events SET chain_seq = 100 WHERE tenant_id = ? AND chain_seq = 2", {tenant_.str()}).ok());
  ASSERT_TRUE(db_->execute("UPDATE audit_events SET chain_seq = 2 WHERE tenant_id = ? AND chain_seq = 3", {tenant_.str()}).ok());
  ASSERT_TRUE(db_->execute("UPDATE audit_events SET chain_seq = 3 WHERE tenant_id = ? AND chain_seq = 100", {tenant_.str()}).ok());
  auto report = verify();
  EXPECT_FALSE(report.intact);
}

TEST_P(AuditChain, ConcurrentWritersDoNotForkTheChain) {
  // The first event starts the chain (as tenant.provisioned does, alone).
  record(1, tenant_);
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w)
    writers.emplace_back([&, w] {
      EventRecorder recorder(clock_);
      for (int i = 0; i < 15; ++i) {
        auto done = db_->transaction([&](store::Connection& c) {
          return recorder.record(c, tenant_, core::Actor::system(),
                                 DomainEvent{std::string(types::kUserCreated), "user", std::to_string(w * 100 + i)});
        });
        EXPECT_TRUE(done.ok()) << done.error().detail();
      }
    });
  for (auto& t : writers) t.join();
  auto report = verify();
  EXPECT_TRUE(report.intact) << (report.problems.empty() ? "" : report.problems[0]);
  EXPECT_EQ(report.rows_checked, 61);
}

TEST_P(AuditChain, TenantsHaveSeparateChains) {
  store::TenantScope other{core::TenantId(core::Uuid::v7())};
  record(2, tenant_);
  record(3, other);
  EXPECT_EQ(verify().rows_checked, 2);
  auto report = verifyAuditChain(*db_, other);
  EXPECT_TRUE(report->intact);
  EXPECT_EQ(report->rows_checked, 3);
}

TEST_P(AuditChain, RetentionKeepsTheChainVerifiable) {
  record(3, tenant_);
  clock_.advance(std::chrono::hours(24 * 10));
  record(2, tenant_);
  store::AutoCommit c(*db_);
  auto removed = db_->transaction([&](store::Connection& tx) -> core::Result<void> {
    auto n = store::AuditRepository{}.pruneBefore(tenant_, tx, clock_.nowMillis() - 86'400'000, 1000, clock_.nowMillis());
    if (!n) return std::move(n).error();
    EXPECT_EQ(*n, 3);
    return core::success();
  });
  ASSERT_TRUE(removed.ok());
  auto report = verify();
  EXPECT_TRUE(report.intact) << (report.problems.empty() ? "" : report.problems[0]);
  EXPECT_EQ(report.rows_checked, 2);
  ASSERT_TRUE(report.checkpoint);
  EXPECT_EQ(report.checkpoint->link.seq, 3);
  // Still tamper-evident after pruning.
  ASSERT_TRUE(db_->execute("UPDATE audit_events SET actor_id = 'x' WHERE tenant_id = ? AND chain_seq = 4", {tenant_.str()}).ok());
  EXPECT_FALSE(verify().intact);
}

TEST_P(AuditChain, RejectsMalformedEvents) {
  EventRecorder recorder(clock_);
  auto bad_type = db_->transaction([&](store::Connection& c) {
    return recorder.record(c, tenant_, core::Actor::system(), DomainEvent{"NotAType", "x", "y"});
  });
  EXPECT_FALSE(bad_type.ok());
  auto bad_data = db_->transaction([&](store::Connection& c) {
    return recorder.record(c, tenant_, core::Actor::system(), DomainEvent{"user.created", "x", "y", Outcome::Success, "[1"});
  });
  EXPECT_FALSE(bad_data.ok());
  EXPECT_EQ(verify().rows_checked, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditChain, ::testing::Values(Backend::Sqlite, Backend::Mariadb), backendName);

}  // namespace
