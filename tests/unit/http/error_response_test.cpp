#include "http/error_response.hpp"

#include <gtest/gtest.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

using namespace sigid;
using namespace sigid::http;

namespace {

Poco::JSON::Object::Ptr parse(const std::string& body) {
  Poco::JSON::Parser parser;
  return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

TEST(ErrorResponse, RendersOAuthShapeWithWireStatus) {
  Response response = errorResponse(core::Error(core::ErrorCode::InvalidGrant, "code is invalid or expired"));
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body, R"({"error":"invalid_grant","error_description":"code is invalid or expired"})");
  EXPECT_EQ(response.header("Content-Type"), "application/json");
  EXPECT_EQ(response.header("Cache-Control"), "no-store");
  EXPECT_FALSE(response.header("WWW-Authenticate").has_value());
}

TEST(ErrorResponse, EveryCodeRendersValidJsonWithItsStatus) {
  for (int i = 0; i <= static_cast<int>(core::ErrorCode::Internal); ++i) {
    const auto code = static_cast<core::ErrorCode>(i);
    Response response = errorResponse(core::Error(code, "x"));
    EXPECT_EQ(response.status, core::toWire(code).status);
    auto object = parse(response.body);
    EXPECT_EQ(object->getValue<std::string>("error"), std::string(core::toWire(code).error));
  }
}

TEST(ErrorResponse, EscapesTheDescription) {
  const std::string nasty = "quote \" backslash \\ newline \n tab \t ctrl \x01 bad utf8 \xff end";
  Response response = errorResponse(core::Error::invalidRequest(nasty));
  auto object = parse(response.body);
  EXPECT_EQ(object->getValue<std::string>("error_description"),
            "quote \" backslash \\ newline \n tab \t ctrl \x01 bad utf8 \xEF\xBF\xBD end");
}

TEST(ErrorResponse, NeverRendersTheDetail) {
  Response response = errorResponse(core::Error::internal("SELECT secret FROM keys"));
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("SELECT"), std::string::npos);
  EXPECT_EQ(parse(response.body)->getValue<std::string>("error"), "server_error");
}

TEST(ErrorResponse, EmptyDescriptionIsOmitted) {
  Response response = errorResponse(core::Error(core::ErrorCode::AccessDenied, ""));
  EXPECT_EQ(response.body, R"({"error":"access_denied"})");
}

TEST(ErrorResponse, InvalidTokenGetsABearerChallengeWithSafeDescription) {
  Response response = errorResponse(core::Error(core::ErrorCode::InvalidToken, "token \"expired\"\r\nX-Evil: 1"));
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.header("WWW-Authenticate"),
            "Bearer realm=\"sigid\", error=\"invalid_token\", error_description=\"token expiredX-Evil: 1\"");
}

TEST(ErrorResponse, UnauthenticatedGetsABareBearerChallenge) {
  Response response = errorResponse(core::Error(core::ErrorCode::Unauthenticated, "credentials required"));
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.header("WWW-Authenticate"), "Bearer realm=\"sigid\"");
}

TEST(ErrorResponse, InvalidClientGetsABasicChallenge) {
  Response response = errorResponse(core::Error(core::ErrorCode::InvalidClient, "client authentication failed"));
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.header("WWW-Authenticate"), "Basic realm=\"sigid\"");
}

TEST(ErrorResponse, MethodNotAllowedListsAllowedMethods) {
  Response response = methodNotAllowedResponse({"DELETE", "GET"});
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.header("Allow"), "DELETE, GET");
  EXPECT_EQ(parse(response.body)->getValue<std::string>("error"), "method_not_allowed");
}
