#include "events/webhook_signer.hpp"

#include <gtest/gtest.h>

#include "events/event_types.hpp"
#include "events/retry_schedule.hpp"
#include "events/webhook_url_policy.hpp"
#include "store/repositories/webhook_subscription_repository.hpp"

using namespace sigid;
using namespace sigid::events;

// The example of the Standard Webhooks specification, so receivers using any
// of its libraries verify what we send.
TEST(WebhookSigner, MatchesTheStandardWebhooksExample) {
  const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const std::string body = R"({"test": 2432232314})";
  EXPECT_EQ(webhookSignature({secret}, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(WebhookSigner, BothSecretsSignDuringARotation) {
  const std::string next = newWebhookSecret(), previous = newWebhookSecret();
  const std::string header = webhookSignature({next, previous}, "id", 10, "{}");
  EXPECT_NE(header.find(' '), std::string::npos);
  EXPECT_TRUE(verifyWebhookSignature(next, "id", 10, "{}", header));
  EXPECT_TRUE(verifyWebhookSignature(previous, "id", 10, "{}", header));
  EXPECT_FALSE(verifyWebhookSignature(newWebhookSecret(), "id", 10, "{}", header));
  EXPECT_FALSE(verifyWebhookSignature(next, "id", 11, "{}", header));
  EXPECT_FALSE(verifyWebhookSignature(next, "id", 10, "{ }", header));
}

TEST(WebhookSigner, SecretsHaveTheWhsecShape) {
  const std::string secret = newWebhookSecret();
  EXPECT_TRUE(secret.starts_with("whsec_"));
  ASSERT_TRUE(webhookSecretKey(secret));
  EXPECT_EQ(webhookSecretKey(secret)->size(), 32u);
  EXPECT_FALSE(webhookSecretKey("sk_nothing"));
}

TEST(RetrySchedule, DoublesUpToTheCapWithBoundedJitter) {
  RetrySchedule s;
  EXPECT_EQ(s.nominalDelay(1), std::chrono::minutes(1));
  EXPECT_EQ(s.nominalDelay(2), std::chrono::minutes(2));
  EXPECT_EQ(s.nominalDelay(9), std::chrono::minutes(256));
  EXPECT_EQ(s.nominalDelay(10), std::chrono::hours(6));
  EXPECT_EQ(s.nominalDelay(60), std::chrono::hours(6));
  EXPECT_EQ(s.delay(1, 0.0), std::chrono::milliseconds(48'000));
  EXPECT_LT(s.delay(1, 0.999), std::chrono::milliseconds(72'000));
  EXPECT_FALSE(s.exhausted(11));
  EXPECT_TRUE(s.exhausted(12));
}

TEST(EventTypeFilter, MatchesExactPrefixAndEverything) {
  EXPECT_TRUE(store::eventTypeMatches("user.*", "user.suspended"));
  EXPECT_TRUE(store::eventTypeMatches("*", "tenant.updated"));
  EXPECT_TRUE(store::eventTypeMatches("user.suspended", "user.suspended"));
  EXPECT_FALSE(store::eventTypeMatches("user.*", "users.created"));
  EXPECT_FALSE(store::eventTypeMatches("user.created", "user.created2"));
  EXPECT_TRUE(store::anyEventTypeMatches("tenant.* user.created", "user.created"));
  EXPECT_FALSE(store::anyEventTypeMatches("tenant.* user.created", "user.deleted"));
}

TEST(EventTypeFilter, ValidatesPatterns) {
  for (auto ok : {"*", "user.*", "user.created", "plugin.io.sigid.webhook-http.sent"}) EXPECT_TRUE(isValidEventTypePattern(ok)) << ok;
  for (auto bad : {"", "user", "User.created", "user..x", "user.", "*.created", "us er.x", "user.**"})
    EXPECT_FALSE(isValidEventTypePattern(bad)) << bad;
  for (const auto& info : kEventCatalogue)
    EXPECT_TRUE(isValidEventTypePattern(info.type)) << info.type;
}

TEST(WebhookUrlPolicy, ProductionWantsHttps) {
  WebhookUrlPolicy production{false};
  EXPECT_TRUE(production.check("https://hooks.example.com/sigid").ok());
  EXPECT_FALSE(production.check("http://hooks.example.com/sigid").ok());
  EXPECT_FALSE(production.check("http://127.0.0.1:9000/").ok());
  EXPECT_FALSE(production.check("https://user:pw@hooks.example.com/").ok());
  EXPECT_FALSE(production.check("ftp://hooks.example.com/").ok());
  EXPECT_FALSE(production.check("https://hooks.example.com/#x").ok());
  EXPECT_FALSE(production.check("https:// spaced.example.com").ok());
}

TEST(WebhookUrlPolicy, DevAllowsLoopbackHttpOnly) {
  WebhookUrlPolicy dev{true};
  EXPECT_TRUE(dev.check("http://127.0.0.1:9000/hook").ok());
  EXPECT_TRUE(dev.check("http://localhost:9000/hook").ok());
  EXPECT_FALSE(dev.check("http://10.0.0.5/hook").ok());
  EXPECT_FALSE(dev.check("http://hooks.example.com/").ok());
}
