#include "app/health_routes.hpp"

namespace sigid::app {

void addHealthRoutes(http::Router& router, store::Database& db, const http::Metrics& metrics) {
  router.add("GET", "/healthz", [](http::Request&) -> core::Result<http::Response> {
    return http::Response::json(200, R"({"status":"ok"})");
  });
  router.add("GET", "/readyz", [&db](http::Request&) -> core::Result<http::Response> {
    SIGID_CHECK(db.ping());
    return http::Response::json(200, R"({"status":"ready"})");
  });
  router.add("GET", "/metrics", http::metricsHandler(metrics));
}

}  // namespace sigid::app
