#include "http/request_pipeline.hpp"

#include <gtest/gtest.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>
#include <stdexcept>

using namespace sigid;
using namespace sigid::http;

namespace {

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest() : logger_(log_, core::LogLevel::Debug) {
    router_.add("GET", "/ok", [](Request&) -> core::Result<Response> { return Response::json(200, "{}"); });
    router_.add("GET", "/t/{slug}/jwks", [](Request& request) -> core::Result<Response> {
      return Response::json(200, "{\"slug\":\"" + std::string(*request.pathParam("slug")) + "\"}");
    });
    router_.add("GET", "/page", [](Request&) -> core::Result<Response> {
      Response response = Response::text(200, "<html></html>", "text/html; charset=utf-8");
      response.setHeader("Content-Security-Policy", "default-src 'self'");
      response.setHeader("Cache-Control", "max-age=60");
      return response;
    });
    router_.add("GET", "/throws", [](Request&) -> core::Result<Response> {
      throw std::runtime_error("database said: password=hunter2");
    });
    router_.add("GET", "/refuses", [](Request&) -> core::Result<Response> {
      return core::Error(core::ErrorCode::Conflict, "slug is taken").withDetail("unique index tenants_slug");
    });
    router_.add("GET", "/inject", [](Request&) -> core::Result<Response> {
      Response response = Response::redirect("https://rp.example/cb\r\nSet-Cookie: evil=1");
      return response;
    });
  }

  Request get(std::string path, std::string query = {}) {
    Request request;
    request.method = "GET";
    request.path = std::move(path);
    request.query = std::move(query);
    request.remote_address = "192.0.2.1";
    return request;
  }

  Poco::JSON::Object::Ptr json(const std::string& text) {
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
  }

  std::ostringstream log_;
  core::Logger logger_;
  Router router_;
  Metrics metrics_;
};

void expectSecurityHeaders(const Response& response) {
  EXPECT_EQ(response.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(response.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(response.header("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(response.header("Content-Security-Policy"), "default-src 'none'; frame-ancestors 'none'");
  EXPECT_EQ(response.header("Cache-Control"), "no-store");
  EXPECT_TRUE(response.header("X-Request-Id").has_value());
}

}  // namespace

TEST_F(PipelineTest, SuccessCarriesSecurityHeaders) {
  RequestPipeline pipeline(router_, metrics_, logger_, {});
  Request request = get("/t/acme/jwks");
  Response response = pipeline.serve(request);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "{\"slug\":\"acme\"}");
  EXPECT_EQ(request.route, "/t/{slug}/jwks");
  expectSecurityHeaders(response);
  EXPECT_FALSE(response.header("Strict-Transport-Security").has_value());
}

TEST_F(PipelineTest, NotFoundCarriesSecurityHeadersToo) {
  RequestPipeline pipeline(router_, metrics_, logger_, {});
  Request request = get("/missing");
  Response response = pipeline.serve(request);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(json(response.body)->getValue<std::string>("error"), "not_found");
  expectSecurityHeaders(response);
}

TEST_F(PipelineTest, MethodNotAllowedHasAllow) {
  RequestPipeline pipeline(router_, metrics_, logger_, {});
  Request request = get("/ok");
  request.method = "POST";
  Response response = pipeline.serve(request);
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.header("Allow"), "GET");
}

TEST_F(PipelineTest, HstsOnlyWhenAsked) {
  RequestPipeline pipeline(router_, metrics_, logger_, {.hsts = true});
  Request request = get("/ok");
  EXPECT_EQ(pipeline.serve(request).header("Strict-Transport-Security"), "max-age=31536000");
}

TEST_F(PipelineTest, HandlerMayOverrideCspAndCaching) {
  RequestPipeline pipeline(router_, metrics_, logger_, {});
  Request request = get("/page");
  Response response = pipeline.serve(request);
  EXPECT_EQ(response.header("Content-Security-Policy"), "default-src 'self'");
  EXPECT_EQ(response.header("Cache-Control"), "max-age=60");
  EXPECT_EQ(response.header("X-Content-Type-Options"), "nosniff");
}

TEST_F(PipelineTest, ExceptionBecomes500WithoutLeakingAndIsLogged) {
  RequestPipeline pipeline(router_, metrics_, logger_, {});
  Request request = get("/throws");
  Response response = pipeline.serve(request);
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(json(response.body)->getValue<std::string>("error"), "server_error");
  EXPECT_EQ(response.body.find("hunter2"), std::string::npos);
  expectSecurityHeaders(response);
  // Logged server-side with the request id, so an operator can find it.
  EXPECT_NE(log_.str().find("\"msg\":\"request failed\",\"request_id\":\"" + request.request_id), std::string::npos);
  EXPECT_NE(log_.str().find("database said"), std::string::npos);
}

TEST_F(PipelineTest, HandlerErrorIsRenderedAndDetailLoggedOnly) {
  RequestPipeline pipeline(router_, metrics_, logger_, {});
  Request request = get("/refuses");
  Response response = pipeline.serve(request);
  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(response.body, R"({"error":"conflict","error_description":"slug is taken"})");
  EXPECT_NE(log_.str().find("unique index tenants_slug"), std::string::npos);
}

TEST_F(PipelineTest, HeaderInjectionBecomes500) {
  RequestPipeline pipeline(router_, metrics_, logger_, {});
  Request request = get("/inject");
  Response response = pipeline.serve(request);
  EXPECT_EQ(response.status, 500);
  EXPECT_FALSE(response.header("Location").has_value());
}

TEST_F(PipelineTest, RequestIdIsKeptWhenPlainAndReplacedOtherwise) {
  RequestPipeline pipeline(router_, metrics_, logger_, {});
  Request plain = get("/ok");
  plain.headers.emplace_back("x-request-id", "abc.DEF_123-xyz");
  EXPECT_EQ(pipeline.serve(plain).header("X-Request-Id"), "abc.DEF_123-xyz");

  for (const std::string& bad : {std::string("evil\"id"), std::string("a b"), std::string(129, 'a'), std::string()}) {
    Request request = get("/ok");
    request.headers.emplace_back("x-request-id", bad);
    const Response response = pipeline.serve(request);
    const auto id = response.header("X-Request-Id");
    ASSERT_TRUE(id.has_value());
    EXPECT_NE(*id, bad);
    EXPECT_TRUE(isAcceptableRequestId(*id));
  }
  Request none = get("/ok");
  EXPECT_GE(pipeline.serve(none).header("X-Request-Id")->size(), 16u);
  EXPECT_TRUE(isAcceptableRequestId(std::string(128, 'a')));
}

TEST_F(PipelineTest, MiddlewareCanAnswerFirstAndSeesTheRoute) {
  std::string seen_route;
  RequestPipeline pipeline(router_, metrics_, logger_, {},
                           {[&seen_route](Request& request) -> std::optional<Response> {
                             seen_route = request.route;
                             if (request.header("x-block")) return Response::json(429, "{}");
                             return std::nullopt;
                           }});
  Request blocked = get("/t/acme/jwks");
  blocked.headers.emplace_back("x-block", "1");
  Response response = pipeline.serve(blocked);
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(seen_route, "/t/{slug}/jwks");
  EXPECT_EQ(response.header("X-Content-Type-Options"), "nosniff");

  Request passed = get("/ok");
  EXPECT_EQ(pipeline.serve(passed).status, 200);
}

TEST_F(PipelineTest, AccessLogHasRouteButNeverPathOrQuery) {
  RequestPipeline pipeline(router_, metrics_, logger_, {});
  Request request = get("/t/secret-slug/jwks", "code=SECRETCODE");
  (void)pipeline.serve(request);
  const std::string line = log_.str();
  EXPECT_NE(line.find("\"msg\":\"request\""), std::string::npos);
  EXPECT_NE(line.find("\"route\":\"/t/{slug}/jwks\""), std::string::npos);
  EXPECT_NE(line.find("\"status\":200"), std::string::npos);
  EXPECT_NE(line.find("\"remote\":\"192.0.2.1\""), std::string::npos);
  EXPECT_NE(line.find("\"duration_ms\":"), std::string::npos);
  EXPECT_EQ(line.find("SECRETCODE"), std::string::npos);
  EXPECT_EQ(line.find("secret-slug"), std::string::npos);
}

TEST_F(PipelineTest, MetricsLabelUnmatchedRoutesWithoutThePath) {
  RequestPipeline pipeline(router_, metrics_, logger_, {});
  Request request = get("/random/attacker/path");
  (void)pipeline.serve(request);
  const std::string text = metrics_.render();
  EXPECT_NE(text.find("sigid_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1"),
            std::string::npos);
  EXPECT_EQ(text.find("attacker"), std::string::npos);
}
