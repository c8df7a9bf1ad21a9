#include "http/request_parser.hpp"

#include <gtest/gtest.h>

using namespace sigid::http;

namespace {

struct Parsed {
  RequestParser::Status status;
  std::size_t consumed = 0;
};

class RequestParserTest : public ::testing::Test {
 protected:
  Parsed feed(std::string_view data) {
    Parsed parsed{};
    parsed.status = parser_.feed(data, parsed.consumed);
    return parsed;
  }

  // Feeds `data` one byte at a time, as a trickling client would send it.
  RequestParser::Status feedBytewise(std::string_view data) {
    std::string buffer;
    RequestParser::Status status = RequestParser::Status::NeedMore;
    for (char c : data) {
      buffer += c;
      std::size_t consumed = 0;
      status = parser_.feed(buffer, consumed);
      if (status != RequestParser::Status::NeedMore) return status;
      buffer.erase(0, consumed);
    }
    return status;
  }

  int failureStatus(std::string_view data) {
    const Parsed parsed = feed(data);
    EXPECT_EQ(parsed.status, RequestParser::Status::Failed) << data;
    return parser_.failure().status;
  }

  RequestLimits limits_{.max_request_line = 256, .max_header_bytes = 1024, .max_header_count = 8, .max_body_bytes = 64};
  RequestParser parser_{limits_};
};

TEST_F(RequestParserTest, ParsesRequestLineHeadersAndBody) {
  const std::string text =
      "POST /t/acme/token?x=1 HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\n"
      "Content-Length: 5\r\n\r\nhelloGET";
  const Parsed parsed = feed(text);
  ASSERT_EQ(parsed.status, RequestParser::Status::Complete);
  EXPECT_EQ(parsed.consumed, text.size() - 3);  // the next pipelined request stays buffered
  Request& request = parser_.request();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/t/acme/token");
  EXPECT_EQ(request.query, "x=1");
  EXPECT_EQ(request.body, "hello");
  EXPECT_EQ(request.header("content-type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(request.headers.front().first, "host");  // names lower-cased
  EXPECT_TRUE(parser_.keepAlive());
}

TEST_F(RequestParserTest, SameResultWhenBytesTrickleIn) {
  EXPECT_EQ(feedBytewise("POST /p HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                         "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n"),
            RequestParser::Status::Complete);
  EXPECT_EQ(parser_.request().body, "abcde");
}

TEST_F(RequestParserTest, AcceptsBareLineFeedsAndLeadingEmptyLines) {
  const Parsed parsed = feed("\r\n\nGET /ok HTTP/1.1\nHost: a\n\n");
  ASSERT_EQ(parsed.status, RequestParser::Status::Complete);
  EXPECT_EQ(parser_.request().path, "/ok");
}

TEST_F(RequestParserTest, WaitsForTheWholeHeadAndBody) {
  EXPECT_EQ(feed("GET /ok HTTP/1.1\r\nHost: a\r\n").status, RequestParser::Status::NeedMore);
  RequestParser other(limits_);
  std::size_t consumed = 0;
  EXPECT_EQ(other.feed("POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nab", consumed),
            RequestParser::Status::NeedMore);
  EXPECT_TRUE(other.headersDone());
  EXPECT_TRUE(other.bodyPending());
}

TEST_F(RequestParserTest, AbsoluteFormTargetIsReducedToItsPath) {
  ASSERT_EQ(feed("GET http://evil.example/t/a/jwks?q=1 HTTP/1.1\r\nHost: a\r\n\r\n").status,
            RequestParser::Status::Complete);
  EXPECT_EQ(parser_.request().path, "/t/a/jwks");
  EXPECT_EQ(parser_.request().query, "q=1");
}

TEST_F(RequestParserTest, KeepAliveFollowsVersionAndConnectionHeader) {
  ASSERT_EQ(feed("GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n").status, RequestParser::Status::Complete);
  EXPECT_FALSE(parser_.keepAlive());
  parser_.reset();
  ASSERT_EQ(feed("GET / HTTP/1.0\r\n\r\n").status, RequestParser::Status::Complete);
  EXPECT_FALSE(parser_.keepAlive());
  EXPECT_TRUE(parser_.http10());
  parser_.reset();
  ASSERT_EQ(feed("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").status, RequestParser::Status::Complete);
  EXPECT_TRUE(parser_.keepAlive());
}

TEST_F(RequestParserTest, ExpectContinueIsReported) {
  EXPECT_EQ(feed("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n").status,
            RequestParser::Status::NeedMore);
  EXPECT_TRUE(parser_.expectsContinue());
}

TEST_F(RequestParserTest, RefusesSmugglingShapes) {
  EXPECT_EQ(failureStatus("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"),
            400);
  parser_.reset();
  EXPECT_EQ(failureStatus("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"), 400);
  parser_.reset();
  EXPECT_EQ(failureStatus("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\n"), 400);
  parser_.reset();
  EXPECT_EQ(failureStatus("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"), 400);
  parser_.reset();
  EXPECT_EQ(failureStatus("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"), 501);
  parser_.reset();
  EXPECT_EQ(failureStatus("GET / HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\n\r\n"), 400);
  parser_.reset();
  EXPECT_EQ(failureStatus("GET / HTTP/1.1\r\nHost : a\r\n\r\n"), 400);
  parser_.reset();
  EXPECT_EQ(failureStatus("GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n"), 400);
  parser_.reset();
  EXPECT_EQ(failureStatus("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
}

TEST_F(RequestParserTest, RefusesMalformedRequestLinesAndHosts) {
  EXPECT_EQ(failureStatus("GET /\r\nHost: a\r\n\r\n"), 400);
  parser_.reset();
  EXPECT_EQ(failureStatus("G(T / HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
  parser_.reset();
  EXPECT_EQ(failureStatus("GET / HTTP/2.0\r\nHost: a\r\n\r\n"), 505);
  parser_.reset();
  EXPECT_EQ(failureStatus("GET / HTTX/1.1\r\nHost: a\r\n\r\n"), 400);
  parser_.reset();
  EXPECT_EQ(failureStatus("GET / HTTP/1.1\r\n\r\n"), 400);  // no Host
  parser_.reset();
  EXPECT_EQ(failureStatus("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400);
  parser_.reset();
  EXPECT_EQ(failureStatus(std::string("GET / HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n", 35)), 400);
}

TEST_F(RequestParserTest, LimitsGiveTheirOwnStatus) {
  EXPECT_EQ(failureStatus("GET /" + std::string(300, 'a')), 414);
  EXPECT_EQ(parser_.failure().error, "uri_too_long");
  parser_.reset();
  EXPECT_EQ(failureStatus("GET / HTTP/1.1\r\nHost: a\r\nX: " + std::string(1100, 'a')), 431);
  parser_.reset();
  std::string many = "GET / HTTP/1.1\r\nHost: a\r\n";
  for (int i = 0; i < 9; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
  EXPECT_EQ(failureStatus(many + "\r\n"), 431);
  parser_.reset();
  EXPECT_EQ(failureStatus("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 65\r\n\r\n"), 413);
  EXPECT_EQ(parser_.request().method, "POST");  // the refusal can still name the route
  parser_.reset();
  EXPECT_EQ(failureStatus("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n" +
                          std::string(64, 'x') + "\r\n1\r\n"),
            413);
  parser_.reset();
  EXPECT_EQ(failureStatus("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n"),
            413);
  parser_.reset();
  EXPECT_EQ(failureStatus("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"), 400);
  parser_.reset();
  EXPECT_EQ(failureStatus("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n"), 400);
}

TEST_F(RequestParserTest, BodyAtTheLimitIsAccepted) {
  const Parsed parsed = feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 64\r\n\r\n" + std::string(64, 'x'));
  EXPECT_EQ(parsed.status, RequestParser::Status::Complete);
}

TEST_F(RequestParserTest, ResetServesTheNextRequest) {
  ASSERT_EQ(feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nx").status, RequestParser::Status::Complete);
  parser_.reset();
  ASSERT_EQ(feed("GET /next HTTP/1.1\r\nHost: a\r\n\r\n").status, RequestParser::Status::Complete);
  EXPECT_EQ(parser_.request().path, "/next");
  EXPECT_TRUE(parser_.request().body.empty());
}

}  // namespace
