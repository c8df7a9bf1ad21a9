#pragma once

#include "http/metrics.hpp"
#include "http/router.hpp"
#include "store/database.hpp"

namespace sigid::app {

// /healthz: the process answers. /readyz: it can reach its database (503
// otherwise, so a load balancer stops sending it traffic). /metrics: Prometheus.
void addHealthRoutes(http::Router& router, store::Database& db, const http::Metrics& metrics);

}  // namespace sigid::app
