#include "core/log.hpp"

#include <gtest/gtest.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>
#include <thread>
#include <vector>

using namespace sigid::core;

namespace {

Poco::JSON::Object::Ptr parseLine(const std::string& line) {
  Poco::JSON::Parser parser;
  return parser.parse(line).extract<Poco::JSON::Object::Ptr>();
}

const auto kFixedTime = std::chrono::system_clock::time_point(std::chrono::milliseconds(1767323045678));  // 2026-01-02T03:04:05.678Z

}  // namespace

TEST(Logger, WritesOneJsonObjectPerLine) {
  std::ostringstream out;
  ManualClock clock(kFixedTime);
  Logger logger(out, LogLevel::Info, &clock);
  logger.info("request", {{"method", "GET"}, {"status", 200}, {"duration_ms", 1.5}, {"tls", true}});
  EXPECT_EQ(out.str(),
            "{\"ts\":\"2026-01-02T03:04:05.678Z\",\"level\":\"info\",\"msg\":\"request\",\"method\":\"GET\","
            "\"status\":200,\"duration_ms\":1.5,\"tls\":true}\n");
}

TEST(Logger, EscapesQuotesNewlinesAndControlCharacters) {
  std::ostringstream out;
  Logger logger(out);
  const std::string nasty = "a\"b\\c\nd\re\tf\x01g\x1f h\x7f i\xff j \xe2\x80\xa8";
  logger.warning(nasty, {{nasty, nasty}, {"unicode", "caf\xc3\xa9 \xf0\x9f\x94\x91"}});
  const std::string text = out.str();
  ASSERT_EQ(text.back(), '\n');
  const std::string line = text.substr(0, text.size() - 1);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.find('\r'), std::string::npos);
  EXPECT_NE(line.find("\\u0001"), std::string::npos);
  EXPECT_NE(line.find("\\u2028"), std::string::npos);

  auto object = parseLine(line);
  const std::string expected = "a\"b\\c\nd\re\tf\x01g\x1f h\x7f i\xef\xbf\xbd j \xe2\x80\xa8";
  EXPECT_EQ(object->getValue<std::string>("msg"), expected);
  EXPECT_EQ(object->getValue<std::string>(expected), expected);
  EXPECT_EQ(object->getValue<std::string>("unicode"), "caf\xc3\xa9 \xf0\x9f\x94\x91");
  EXPECT_EQ(object->getValue<std::string>("level"), "warning");
}

TEST(Logger, InvalidUtf8IsReplaced) {
  std::string out;
  for (const std::string bad : {"\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\x80"}) {
    out.clear();
    appendJsonString(out, bad);
    EXPECT_EQ(out.find_first_of("\x80\xc0\xed\xf4\xe2"), std::string::npos) << out;
    EXPECT_NO_THROW(parseLine("{\"k\":" + out + "}"));
  }
}

TEST(Logger, FieldsCannotForgeFixedKeys) {
  std::ostringstream out;
  Logger logger(out);
  logger.info("real", {{"level", "fatal"}, {"msg", "forged"}, {"ts", "x"}});
  auto object = parseLine(out.str());
  EXPECT_EQ(object->getValue<std::string>("level"), "info");
  EXPECT_EQ(object->getValue<std::string>("msg"), "real");
}

TEST(Logger, IntegersKeepTheirSign) {
  std::ostringstream out;
  Logger logger(out);
  logger.info("n", {{"neg", -5}, {"big", std::uint64_t{18446744073709551615u}}, {"nan", 0.0 / 0.0}});
  EXPECT_NE(out.str().find("\"neg\":-5"), std::string::npos);
  EXPECT_NE(out.str().find("\"big\":18446744073709551615"), std::string::npos);
  EXPECT_NE(out.str().find("\"nan\":null"), std::string::npos);
}

TEST(Logger, LevelsFilter) {
  std::ostringstream out;
  Logger logger(out, LogLevel::Warning);
  logger.info("dropped");
  logger.debug("dropped");
  logger.error("kept");
  EXPECT_EQ(out.str().find("dropped"), std::string::npos);
  EXPECT_NE(out.str().find("\"level\":\"error\""), std::string::npos);
  logger.setLevel(LogLevel::Debug);
  EXPECT_TRUE(logger.enabled(LogLevel::Debug));
  EXPECT_FALSE(logger.enabled(LogLevel::Trace));
}

TEST(Logger, ParsesLevelNamesIncludingPocoSpelling) {
  EXPECT_EQ(parseLogLevel("information"), LogLevel::Info);
  EXPECT_EQ(parseLogLevel("info"), LogLevel::Info);
  EXPECT_EQ(parseLogLevel("warning"), LogLevel::Warning);
  EXPECT_EQ(parseLogLevel("trace"), LogLevel::Trace);
  EXPECT_EQ(parseLogLevel("fatal"), LogLevel::Fatal);
  EXPECT_FALSE(parseLogLevel("loud").has_value());
  EXPECT_EQ(logLevelName(LogLevel::Critical), "critical");
}

TEST(Logger, ConcurrentLinesNeverInterleave) {
  std::ostringstream out;
  Logger logger(out);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&logger, t] {
      for (int i = 0; i < 200; ++i) logger.info("line", {{"thread", t}, {"i", i}, {"pad", std::string(100, 'x')}});
    });
  }
  for (auto& thread : threads) thread.join();
  std::istringstream in(out.str());
  int count = 0;
  for (std::string line; std::getline(in, line); ++count) ASSERT_NO_THROW(parseLine(line)) << line;
  EXPECT_EQ(count, 800);
}
