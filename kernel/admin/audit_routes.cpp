#include "admin/audit_routes.hpp"

#include <charconv>
#include <set>

#include "admin/list_query.hpp"
#include "events/audit_verifier.hpp"
#include "events/event_types.hpp"
#include "store/repositories/webhook_payload.hpp"

namespace sigid::admin {
namespace {

using core::Error;
using core::Result;
using http::Request;
using http::Response;

struct AuditQuery {
  store::AuditFilter filter;
  std::optional<std::string> cursor;
  std::size_t limit = 0;
};

Result<std::int64_t> timeParam(std::string_view key, std::string_view value) {
  auto seconds = parseRfc3339Utc(value);
  if (!seconds) return Error::invalidRequest(std::string(key) + ": expected an RFC 3339 UTC time such as 2024-05-01T00:00:00Z");
  return *seconds * 1000;
}

Result<std::string> textParam(std::string_view key, const std::string& value) {
  if (value.empty() || value.size() > 128) return Error::invalidRequest(std::string(key) + ": expected 1 to 128 characters");
  return value;
}

Result<AuditQuery> auditQuery(const Request& r, std::size_t default_limit, std::size_t max_limit) {
  AuditQuery q;
  q.limit = default_limit;
  std::set<std::string> seen;
  for (const auto& [key, value] : r.queryParams()) {
    if (!seen.insert(key).second) return Error::invalidRequest(key + ": given more than once");
    auto& f = q.filter;
    if (key == "from") {
      SIGID_TRY(f.from_ms, timeParam(key, value));
    } else if (key == "to") {
      SIGID_TRY(f.to_ms, timeParam(key, value));
    } else if (key == "type") {
      if (!events::isValidEventTypePattern(value) || value == "*")
        return Error::invalidRequest("type: expected an event type or a prefix such as user.*");
      f.type = value;
    } else if (key == "actor_type") {
      SIGID_TRY(f.actor_type, textParam(key, value));
    } else if (key == "actor_id") {
      SIGID_TRY(f.actor_id, textParam(key, value));
    } else if (key == "target_type") {
      SIGID_TRY(f.target_type, textParam(key, value));
    } else if (key == "target_id") {
      SIGID_TRY(f.target_id, textParam(key, value));
    } else if (key == "outcome") {
      if (value != "success" && value != "failure") return Error::invalidRequest("outcome: expected success or failure");
      f.outcome = value;
    } else if (key == "cursor") {
      q.cursor = value;
    } else if (key == "limit") {
      std::size_t n = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc{} || end != value.data() + value.size() || n < 1 || n > max_limit)
        return Error::invalidRequest("limit: expected a whole number from 1 to " + std::to_string(max_limit));
      q.limit = n;
    } else {
      return Error::invalidRequest("unknown query parameter '" + key.substr(0, 40) + "'");
    }
  }
  if (q.filter.from_ms && q.filter.to_ms && *q.filter.from_ms >= *q.filter.to_ms)
    return Error::invalidRequest("from: must be before to");
  return q;
}

Result<Response> listEvents(EventsAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopeAudit));
  SIGID_TRY(AuditQuery q, auditQuery(r, 50, events::kMaxAuditPage));
  SIGID_TRY(events::AuditPage page, ctx.audit_log.page(store::TenantScope(caller.tenant.id), q.filter, q.cursor, q.limit));
  std::string body = "{\"items\":[";
  for (std::size_t i = 0; i < page.items.size(); ++i) body += (i ? "," : "") + events::auditEventJson(page.items[i]);
  body += "],\"next_cursor\":" + (page.next_cursor ? store::jsonQuote(*page.next_cursor) : std::string("null")) + "}";
  auto response = Response::json(200, std::move(body));
  response.setHeader("Cache-Control", "no-store");
  return response;
}

Result<Response> exportEvents(EventsAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopeAudit));
  SIGID_TRY(AuditQuery q, auditQuery(r, events::kMaxAuditExport, events::kMaxAuditExport));
  SIGID_TRY(events::AuditPage page,
            ctx.audit_log.exportChunk(store::TenantScope(caller.tenant.id), q.filter, q.cursor, q.limit));
  std::string body;
  for (const auto& item : page.items) body += events::auditEventJson(item) + "\n";
  auto response = Response::text(200, std::move(body), "application/x-ndjson");
  response.setHeader("Cache-Control", "no-store");
  // More rows than one export holds: the next call passes this as ?cursor=.
  if (page.next_cursor) response.setHeader("Sigid-Next-Cursor", *page.next_cursor);
  return response;
}

Result<Response> verifyChain(EventsAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopeAudit));
  if (!r.query.empty()) return Error::invalidRequest("unknown query parameter");
  SIGID_TRY(events::AuditVerification v, events::verifyAuditChain(ctx.db, store::TenantScope(caller.tenant.id)));
  std::string body = "{\"intact\":" + std::string(v.intact ? "true" : "false");
  body += ",\"rows_checked\":" + std::to_string(v.rows_checked);
  body += ",\"unchained_rows\":" + std::to_string(v.unchained_rows);
  body += ",\"head\":" + (v.head ? "{\"seq\":" + std::to_string(v.head->seq) + ",\"hash\":" +
                                        store::jsonQuote(v.head->hash) + "}"
                                  : std::string("null"));
  body += ",\"checkpoint\":" + (v.checkpoint ? "{\"seq\":" + std::to_string(v.checkpoint->link.seq) + ",\"hash\":" +
                                                    store::jsonQuote(v.checkpoint->link.hash) + ",\"pruned_rows\":" +
                                                    std::to_string(v.checkpoint->pruned_rows) + "}"
                                              : std::string("null"));
  body += ",\"problems\":[";
  for (std::size_t i = 0; i < v.problems.size(); ++i) body += (i ? "," : "") + store::jsonQuote(v.problems[i]);
  body += "]}";
  return Response::json(200, std::move(body));
}

}  // namespace

void addAuditRoutes(http::Router& router, EventsAdminContext& ctx) {
  const std::string base = "/api/v1/tenants/{tenant}/audit";
  router.add("GET", base, [&ctx](Request& r) { return listEvents(ctx, r); });
  router.add("GET", base + "/export", [&ctx](Request& r) { return exportEvents(ctx, r); });
  router.add("GET", base + "/verify", [&ctx](Request& r) { return verifyChain(ctx, r); });
}

}  // namespace sigid::admin
