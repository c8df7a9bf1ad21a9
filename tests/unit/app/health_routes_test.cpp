#include "app/health_routes.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "http/request_pipeline.hpp"

using namespace sigid;

namespace {

// A database whose reachability the test decides.
class SwitchableDatabase final : public store::Database {
 public:
  bool up = true;
  store::Dialect dialect() const override { return store::Dialect::Sqlite; }
  core::Result<store::Rows> query(std::string_view, const store::Params&) override { return store::Rows{}; }
  core::Result<std::int64_t> execute(std::string_view, const store::Params&) override { return std::int64_t{0}; }
  core::Result<void> transaction(const std::function<core::Result<void>(store::Connection&)>&) override {
    return core::success();
  }
  core::Result<void> ping() override {
    if (up) return core::success();
    return core::Error::unavailable("connection refused");
  }
};

struct Fixture {
  SwitchableDatabase db;
  http::Router router;
  http::Metrics metrics;
  std::ostringstream log_text;
  core::Logger logger{log_text};
  http::RequestPipeline pipeline{router, metrics, logger, {}};
  Fixture() { app::addHealthRoutes(router, db, metrics); }
  http::Response get(const std::string& path) {
    http::Request r;
    r.method = "GET";
    r.path = path;
    return pipeline.serve(r);
  }
};

}  // namespace

TEST(HealthRoutes, ReadyzFollowsTheDatabase) {
  Fixture f;
  EXPECT_EQ(f.get("/readyz").status, 200);
  f.db.up = false;
  auto down = f.get("/readyz");
  EXPECT_EQ(down.status, 503);
  EXPECT_NE(down.body.find("temporarily_unavailable"), std::string::npos);
  EXPECT_EQ(down.body.find("connection refused"), std::string::npos) << "the detail stays in the log";
  EXPECT_EQ(f.get("/healthz").status, 200) << "liveness does not depend on the database";
  f.db.up = true;
  EXPECT_EQ(f.get("/readyz").status, 200);
}

TEST(HealthRoutes, MetricsCountEachRouteAndStatus) {
  Fixture f;
  f.get("/healthz");
  f.db.up = false;
  f.get("/readyz");
  auto metrics = f.get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find(R"(sigid_http_requests_total{route="/healthz",method="GET",status="200"} 1)"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find(R"(sigid_http_requests_total{route="/readyz",method="GET",status="503"} 1)"),
            std::string::npos)
      << metrics.body;
}
