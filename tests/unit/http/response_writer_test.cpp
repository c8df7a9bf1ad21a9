#include "http/response_writer.hpp"

#include <gtest/gtest.h>

using namespace sigid::http;

namespace {

TEST(ResponseWriterTest, WritesStatusDateHeadersAndLength) {
  Response response = Response::json(200, R"({"ok":true})");
  response.setHeader("Content-Length", "999");   // framing belongs to the server
  response.setHeader("Connection", "upgrade");
  std::string out;
  writeResponse(response, {}, out);
  EXPECT_TRUE(out.starts_with("HTTP/1.1 200 OK\r\nDate: ")) << out;
  EXPECT_NE(out.find("\r\nContent-Type: application/json\r\n"), std::string::npos);
  EXPECT_NE(out.find("\r\nContent-Length: 11\r\n"), std::string::npos);
  EXPECT_EQ(out.find("999"), std::string::npos);
  EXPECT_EQ(out.find("upgrade"), std::string::npos);
  EXPECT_TRUE(out.ends_with("\r\n\r\n{\"ok\":true}"));
}

TEST(ResponseWriterTest, HeadKeepsTheLengthButSendsNoBody) {
  std::string out;
  writeResponse(Response::text(200, "hello"), {.head = true}, out);
  EXPECT_NE(out.find("Content-Length: 5\r\n"), std::string::npos);
  EXPECT_TRUE(out.ends_with("\r\n\r\n"));
}

TEST(ResponseWriterTest, NoContentStatusesCarryNoLength) {
  std::string out;
  writeResponse(Response::noContent(), {}, out);
  EXPECT_TRUE(out.starts_with("HTTP/1.1 204 No Content\r\n"));
  EXPECT_EQ(out.find("Content-Length"), std::string::npos);
}

TEST(ResponseWriterTest, ConnectionHeaderFollowsTheFraming) {
  std::string closing;
  writeResponse(Response::text(404, "x"), {.close = true}, closing);
  EXPECT_TRUE(closing.starts_with("HTTP/1.1 404 Not Found\r\n"));
  EXPECT_NE(closing.find("Connection: close\r\n"), std::string::npos);
  std::string http10;
  writeResponse(Response::text(200, "x"), {.http10_keep_alive = true}, http10);
  EXPECT_NE(http10.find("Connection: keep-alive\r\n"), std::string::npos);
}

TEST(ResponseWriterTest, DateIsAnImfFixdate) {
  const std::string_view date = httpDateNow();
  ASSERT_EQ(date.size(), 29u) << date;  // "Sun, 06 Nov 1994 08:49:37 GMT"
  EXPECT_TRUE(date.ends_with(" GMT"));
  EXPECT_EQ(date[3], ',');
}

}  // namespace
