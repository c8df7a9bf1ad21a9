#include "hosted/hosted_page.hpp"

#include <ctime>

#include "core/random.hpp"
#include "hosted/cookies.hpp"

namespace sigid::hosted {

using core::Error;
using core::ErrorCode;
using core::Result;

namespace {

CookieOptions cookieOptions(const HostedContext& ctx, const tenancy::Tenant& tenant, long max_age = -1) {
  return CookieOptions{"/t/" + tenant.slug + "/", ctx.options.secure_cookies, max_age};
}

void applyHeaders(http::Response& response) {
  response.setHeader("Content-Type", "text/html; charset=utf-8");
  response.setHeader("Content-Security-Policy", std::string(kHostedCsp));
  response.setHeader("Cache-Control", "no-store");
  response.setHeader("X-Frame-Options", "DENY");
  response.setHeader("Referrer-Policy", "no-referrer");
}

void addCookies(PageVisit& visit, http::Response& response) {
  for (auto& header : visit.set_cookies) response.addHeader("Set-Cookie", header);
  visit.set_cookies.clear();
}

}  // namespace

Result<PageVisit> beginVisit(HostedContext& ctx, const http::Request& request) {
  SIGID_TRY(tenancy::Tenant tenant, ctx.tenants.findActive(request.pathParam("slug").value_or("")));
  PageVisit visit{std::move(tenant), "", false, std::nullopt, "", {}};
  auto csrf = cookieValue(request, CsrfGuard::kCookie);
  if (csrf && csrf->size() >= 16 && csrf->size() <= 128) {
    visit.csrf_cookie = *csrf;
  } else {
    visit.csrf_cookie = core::randomToken(32);
    visit.csrf_cookie_is_new = true;
    visit.set_cookies.push_back(
        setCookieHeader(CsrfGuard::kCookie, visit.csrf_cookie, cookieOptions(ctx, visit.tenant)));
  }
  if (auto token = cookieValue(request, kSessionCookie)) {
    SIGID_TRY(visit.session, ctx.sessions.resolve(visit.tenant, *token));
    if (visit.session) visit.session_token = *token;
  }
  return visit;
}

std::string csrfToken(const HostedContext& ctx, const PageVisit& visit) {
  return ctx.csrf.token(visit.tenant.id.str(), visit.csrf_cookie, visit.session ? visit.session->id : "");
}

Result<void> checkCsrf(const HostedContext& ctx, const PageVisit& visit, const std::map<std::string, std::string>& form) {
  auto submitted = form.find(std::string(CsrfGuard::kField));
  // A cookie minted on this very request cannot match anything the browser submitted.
  if (visit.csrf_cookie_is_new || submitted == form.end() ||
      !ctx.csrf.verify(visit.tenant.id.str(), visit.csrf_cookie, visit.session ? visit.session->id : "",
                       submitted->second))
    return Error(ErrorCode::Forbidden, "This form has expired or did not come from this site. Go back, reload the "
                                       "page and try again.");
  return core::success();
}

Result<std::map<std::string, std::string>> readForm(const http::Request& request) {
  auto type = request.header("content-type").value_or("");
  if (!http::equalsIgnoreCase(type.substr(0, type.find(';')), "application/x-www-form-urlencoded"))
    return Error(ErrorCode::UnsupportedMediaType, "The form was sent in a format this page does not accept.");
  std::map<std::string, std::string> form;
  for (auto& [key, value] : http::parseFormEncoded(request.body)) {
    if (!form.emplace(key, value).second) return Error::invalidRequest("The form was sent with a repeated field.");
  }
  return form;
}

Result<http::Response> page(HostedContext& ctx, PageVisit& visit, int status, std::string_view name,
                            const std::string& title, PageData data) {
  data.set("csrf", csrfToken(ctx, visit));
  http::Response response;
  response.status = status;
  response.body = ctx.pages.render(name, brandingFor(visit.tenant), title, data);
  applyHeaders(response);
  addCookies(visit, response);
  return response;
}

http::Response signedInRedirect(HostedContext& ctx, PageVisit& visit, const std::string& session_token,
                                const std::string& location) {
  http::Response response = http::Response::redirect(location, 303);
  visit.set_cookies.clear();
  response.addHeader("Set-Cookie", setCookieHeader(kSessionCookie, session_token, cookieOptions(ctx, visit.tenant)));
  response.addHeader("Set-Cookie",
                     setCookieHeader(CsrfGuard::kCookie, core::randomToken(32), cookieOptions(ctx, visit.tenant)));
  return response;
}

http::Response clearSessionRedirect(HostedContext& ctx, PageVisit& visit, const std::string& location) {
  http::Response response = http::Response::redirect(location, 303);
  visit.set_cookies.clear();
  response.addHeader("Set-Cookie", setCookieHeader(kSessionCookie, "", cookieOptions(ctx, visit.tenant, 0)));
  return response;
}

http::Response continuePage(const std::string& url) {
  std::string target = url;
  for (std::size_t at = target.find('\''); at != std::string::npos; at = target.find('\'', at))
    target.replace(at, 1, "%27");  // the refresh URL is single-quoted
  std::string href;
  for (char c : target) {
    switch (c) {
      case '&': href += "&amp;"; break;
      case '<': href += "&lt;"; break;
      case '>': href += "&gt;"; break;
      case '"': href += "&quot;"; break;
      default: href += c;
    }
  }
  http::Response response;
  response.status = 200;
  response.body = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                  "<meta http-equiv=\"refresh\" content=\"0; url='" + href + "'\">"
                  "<title>Returning to the application</title></head>\n<body><p>Returning to the application. "
                  "<a href=\"" + href + "\">Continue</a></p></body></html>\n";
  applyHeaders(response);
  return response;
}

http::Response errorPage(HostedContext& ctx, const tenancy::Tenant* tenant, int status, const std::string& heading,
                         const std::string& message) {
  PageData data;
  data.set("heading", heading);
  data.set("message", message);
  data.set("support", tenant != nullptr);
  http::Response response;
  response.status = status;
  response.body = ctx.pages.render("error", tenant ? brandingFor(*tenant) : platformBranding(), heading, data);
  applyHeaders(response);
  return response;
}

http::Handler hostedHandler(HostedContext& ctx, std::function<Result<http::Response>(http::Request&)> body) {
  return [&ctx, body = std::move(body)](http::Request& request) -> Result<http::Response> {
    auto result = body(request);
    if (result) return result;
    const Error& error = result.error();
    if (!error.detail().empty() || error.code() == ErrorCode::Internal)
      ctx.logger.warning("hosted page failed", {{"route", request.route},
                                                {"request_id", request.request_id},
                                                {"error", error.description()},
                                                {"detail", error.detail()}});
    const int status = core::toWire(error.code()).status;
    switch (error.code()) {
      case ErrorCode::TenantSuspended:
        return errorPage(ctx, nullptr, 403, "Sign-in unavailable",
                         "Sign-in for this organisation is paused. Contact its administrators.");
      case ErrorCode::NotFound:
        if (error.description() == "no such tenant")
          return errorPage(ctx, nullptr, 404, "Page not found", "There is no sign-in page at this address.");
        break;
      case ErrorCode::Internal:
      case ErrorCode::Unavailable:
        return errorPage(ctx, nullptr, status, "Something went wrong",
                         "We could not complete this request. Please try again in a moment.");
      default: break;
    }
    std::optional<tenancy::Tenant> tenant;
    if (auto found = ctx.tenants.findActive(request.pathParam("slug").value_or(""))) tenant = std::move(*found);
    return errorPage(ctx, tenant ? &*tenant : nullptr, status, "We could not do that", error.description());
  };
}

std::string safeReturnPath(const tenancy::Tenant& tenant, std::string_view requested) {
  const std::string prefix = "/t/" + tenant.slug + "/";
  const std::string fallback = prefix + "account";
  if (!requested.starts_with(prefix) || requested.size() > 4096) return fallback;
  for (unsigned char c : requested) {
    // No backslashes (browsers read them as '/'), no control characters, no "//" hosts.
    if (c < 0x21 || c == 0x7f || c == '\\') return fallback;
  }
  if (requested.find("//") != std::string_view::npos || requested.find("/..") != std::string_view::npos)
    return fallback;
  return std::string(requested);
}

std::string displayTime(std::int64_t epoch_seconds) {
  std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M UTC", &tm);
  return buffer;
}

}  // namespace sigid::hosted
