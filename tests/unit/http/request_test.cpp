#include "http/request.hpp"

#include <gtest/gtest.h>

using namespace sigid::http;
using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(UrlDecode, DecodesEscapesAndOptionallyPlus) {
  EXPECT_EQ(urlDecode("a%20b+c", true), "a b c");
  EXPECT_EQ(urlDecode("a%20b+c", false), "a b+c");
  EXPECT_EQ(urlDecode("%2f%2F", false), "//");
  EXPECT_EQ(urlDecode("%e2%82%ac", false), "\xe2\x82\xac");
}

TEST(UrlDecode, KeepsMalformedEscapesLiterally) {
  EXPECT_EQ(urlDecode("100%", false), "100%");
  EXPECT_EQ(urlDecode("%zz", false), "%zz");
  EXPECT_EQ(urlDecode("%4", false), "%4");
  EXPECT_EQ(urlDecode("%%41", false), "%A");
}

TEST(UrlDecode, DecodesNulAsAByte) {
  const std::string decoded = urlDecode("a%00b", false);
  ASSERT_EQ(decoded.size(), 3u);
  EXPECT_EQ(decoded[1], '\0');
}

TEST(UrlEncode, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(urlEncode("aZ09-._~"), "aZ09-._~");
  EXPECT_EQ(urlEncode("a b/c?d=e&f+"), "a%20b%2Fc%3Fd%3De%26f%2B");
  EXPECT_EQ(urlEncode("\xe2\x82\xac"), "%E2%82%AC");
  EXPECT_EQ(urlDecode(urlEncode("round trip: 100% & +"), false), "round trip: 100% & +");
}

TEST(FormEncoded, ParsesPairsKeepingDuplicatesAndOrder) {
  EXPECT_EQ(parseFormEncoded("grant_type=authorization_code&code=a%2Bb&scope=openid+email&scope=x"),
            (Pairs{{"grant_type", "authorization_code"}, {"code", "a+b"}, {"scope", "openid email"}, {"scope", "x"}}));
}

TEST(FormEncoded, HandlesEmptyPartsAndMissingValues) {
  EXPECT_EQ(parseFormEncoded(""), Pairs{});
  EXPECT_EQ(parseFormEncoded("&&a=&b&=c&"), (Pairs{{"a", ""}, {"b", ""}, {"", "c"}}));
  EXPECT_EQ(parseFormEncoded("a=b=c"), (Pairs{{"a", "b=c"}}));
}

TEST(Request, HeadersAreCaseInsensitiveAndCounted) {
  Request request;
  request.headers = {{"authorization", "Bearer x"}, {"x-dup", "1"}, {"x-dup", "2"}};
  EXPECT_EQ(request.header("Authorization"), "Bearer x");
  EXPECT_EQ(request.header("X-DUP"), "1");
  EXPECT_EQ(request.headerCount("x-Dup"), 2u);
  EXPECT_EQ(request.headerCount("absent"), 0u);
  EXPECT_FALSE(request.header("absent").has_value());
}

TEST(Request, PathParamsAndQuery) {
  Request request;
  request.path_params = {{"tenant", "acme"}};
  request.query = "a=1&b=%20";
  EXPECT_EQ(request.pathParam("tenant"), "acme");
  EXPECT_FALSE(request.pathParam("other").has_value());
  EXPECT_EQ(request.queryParams(), (Pairs{{"a", "1"}, {"b", " "}}));
}

TEST(Response, HelpersSetStatusTypeAndHeaders) {
  Response json = Response::json(201, "{}");
  EXPECT_EQ(json.status, 201);
  EXPECT_EQ(json.header("content-type"), "application/json");

  Response text = Response::text(200, "hi");
  EXPECT_EQ(text.header("Content-Type"), "text/plain; charset=utf-8");

  EXPECT_EQ(Response::noContent().status, 204);
  Response redirect = Response::redirect("https://rp.example/cb?code=x", 303);
  EXPECT_EQ(redirect.status, 303);
  EXPECT_EQ(redirect.header("location"), "https://rp.example/cb?code=x");

  json.setHeader("content-type", "application/jwt");
  EXPECT_EQ(json.header("Content-Type"), "application/jwt");
  EXPECT_EQ(json.headers.size(), 1u);
  json.addHeader("Set-Cookie", "a=1");
  json.addHeader("Set-Cookie", "b=2");
  EXPECT_EQ(json.headers.size(), 3u);
}
