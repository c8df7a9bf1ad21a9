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

namespace {

// Any split of the bytes into reads must parse to the same request: the
// server hands the parser whatever one recv() returned.
TEST(RequestParserProperty, EverySplitOfAPipelineParsesTheSame) {
  const std::string pipeline =
      "POST /a?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
      "POST /b HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n1;x=y\r\nf\r\n0\r\nT: 1\r\n\r\n"
      "GET /c HTTP/1.1\r\nHost: h\r\n\r\n";
  const std::vector<std::pair<std::string, std::string>> expected = {{"/a", "abc"}, {"/b", "def"}, {"/c", ""}};
  std::uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
  for (int round = 0; round < 300; ++round) {
    RequestParser parser(RequestLimits{});
    std::string buffer;
    std::vector<std::pair<std::string, std::string>> seen;
    std::size_t fed = 0;
    while (fed < pipeline.size()) {
      const std::size_t take = std::min<std::size_t>(1 + next() % 23, pipeline.size() - fed);
      buffer.append(pipeline, fed, take);
      fed += take;
      while (!buffer.empty()) {
        std::size_t consumed = 0;
        const auto status = parser.feed(buffer, consumed);
        ASSERT_NE(status, RequestParser::Status::Failed) << parser.failure().description;
        buffer.erase(0, consumed);
        if (status != RequestParser::Status::Complete) break;
        seen.emplace_back(parser.request().path, parser.request().body);
        parser.reset();
      }
    }
    EXPECT_EQ(seen, expected) << "round " << round;
  }
}

// Arbitrary bytes never crash the parser, never make it claim more than it was
// given, and end in a refusal or a wait within the limits.
TEST(RequestParserProperty, GarbageIsRefusedOrAwaitedNeverMisread) {
  std::uint32_t seed = 777;
  auto next = [&] { return seed = seed * 1103515245u + 12345u; };
  static constexpr char kAlphabet[] = "GET POST / HTTP/1.1\r\n:Host: Content-Length: 9 Transfer-Encoding: chunked\t\0\xff;";
  const std::string alphabet(kAlphabet, sizeof kAlphabet - 1);  // with the NUL inside
  const RequestLimits limits{.max_request_line = 512, .max_header_bytes = 2048, .max_header_count = 20,
                             .max_body_bytes = 256};
  for (int round = 0; round < 2000; ++round) {
    // Half pure noise, half a valid request with a few bytes changed, dropped or added.
    std::string bytes;
    if (round % 2 == 0) {
      const std::size_t length = next() % 400;
      for (std::size_t i = 0; i < length; ++i) bytes += alphabet[next() % alphabet.size()];
    } else {
      bytes = "POST /t/a/token HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n";
      for (int change = 0, changes = 1 + static_cast<int>(next() % 3); change < changes; ++change) {
        const std::size_t at = next() % bytes.size();
        const char c = alphabet[next() % alphabet.size()];
        switch (next() % 3) {
          case 0: bytes[at] = c; break;
          case 1: bytes.erase(at, 1); break;
          default: bytes.insert(at, 1, c); break;
        }
      }
    }
    RequestParser parser(limits);
    std::size_t consumed = 0;
    const auto status = parser.feed(bytes, consumed);
    EXPECT_LE(consumed, bytes.size());
    if (status == RequestParser::Status::Failed) {
      const int code = parser.failure().status;
      EXPECT_TRUE(code == 400 || code == 413 || code == 414 || code == 431 || code == 501 || code == 505) << code;
    }
    if (status == RequestParser::Status::Complete) {
      EXPECT_LE(parser.request().body.size(), limits.max_body_bytes);
    }
  }
}

}  // namespace
