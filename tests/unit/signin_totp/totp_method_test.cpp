// The signin-totp plugin's SignInMethod, built from its sources against the
// SDK and driven through a fake Host (no kernel involved).
#include "totp_method.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "totp.hpp"
#include "totp_credential.hpp"

namespace signin_totp {
namespace {

using namespace sigid;

class FakeHost final : public sdk::Host {
 public:
  void log(sdk::LogLevel, std::string_view, const std::vector<sdk::LogField>&) override {}
  const sdk::PluginConfig& config() const override { return config_; }
  std::chrono::system_clock::time_point now() const override { return now_; }
  std::string randomBytes(std::size_t count) override {
    std::string out(count, '\0');
    for (auto& c : out) c = static_cast<char>(rng_());
    return out;
  }
  sdk::Result<sdk::HttpResponse> http(const sdk::HttpRequest&) override {
    return sdk::Error(sdk::ErrorCode::Unsupported, "no http");
  }
  // Reversible but visibly not the plaintext, so a test can tell sealing happened.
  sdk::Result<std::string> seal(std::string_view p) override {
    std::string out = "sealed:";
    for (unsigned char c : p) out += static_cast<char>(c ^ 0x5a);
    return out;
  }
  sdk::Result<std::string> unseal(std::string_view s) override {
    if (!s.starts_with("sealed:")) return sdk::Error(sdk::ErrorCode::Internal, "not sealed");
    std::string out;
    for (unsigned char c : s.substr(7)) out += static_cast<char>(c ^ 0x5a);
    return out;
  }
  sdk::Result<std::optional<std::string>> kvGet(std::string_view key) override {
    auto it = kv.find(std::string(key));
    if (it == kv.end()) return std::optional<std::string>{};
    return std::optional<std::string>{it->second};
  }
  sdk::Result<void> kvPut(std::string_view key, std::string_view value) override {
    kv[std::string(key)] = std::string(value);
    return sdk::ok();
  }
  sdk::Result<void> kvDelete(std::string_view key) override {
    kv.erase(std::string(key));
    return sdk::ok();
  }
  sdk::Result<void> audit(const sdk::AuditEvent&) override { return sdk::ok(); }

  void advance(std::int64_t seconds) { now_ += std::chrono::seconds(seconds); }
  std::int64_t nowSeconds() const {
    return std::chrono::duration_cast<std::chrono::seconds>(now_.time_since_epoch()).count();
  }

  std::map<std::string, std::string> kv;

 private:
  // Mid-step, so a test's "now" code does not straddle a step boundary.
  std::chrono::system_clock::time_point now_{std::chrono::seconds(1'800'000'015)};
  sdk::PluginConfig config_;
  std::mt19937 rng_{7};
};

std::string fromBase32(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const auto value = static_cast<std::uint32_t>(c >= 'A' && c <= 'Z' ? c - 'A' : c - '2' + 26);
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

class TotpMethodTest : public ::testing::Test {
 protected:
  sdk::SignInContext ctx(const std::string& subject) { return {"t", subject, "tx", "10.0.0.1", "ua"}; }

  // Starts and confirms an enrolment; returns the raw secret.
  std::string enrolled(const std::string& subject) {
    auto started = method.enrol(ctx(subject), {subject, {{"sigid.issuer", "Acme"}, {"sigid.label", "ann@acme.test"}}});
    EXPECT_TRUE(started.ok()) << (started ? "" : started.error().message());
    if (!started) return "";
    std::string secret = fromBase32(started->display.at("secret"));
    auto confirmed = method.enrol(ctx(subject), {subject, {{"code", codeAt(secret, 0)}}});
    EXPECT_TRUE(confirmed.ok()) << (confirmed ? "" : confirmed.error().message());
    host.advance(kStepSeconds);  // the confirming code is spent: sign-ins use the next one
    return secret;
  }
  std::string codeAt(const std::string& secret, std::int64_t steps_from_now) {
    return hotp(secret, static_cast<std::uint64_t>(timeStep(host.nowSeconds()) + steps_from_now));
  }
  sdk::Result<sdk::VerifiedSubject> signIn(const std::string& subject, const std::string& code) {
    return method.complete(ctx(subject), sdk::Answer{"", {{"code", code}}});
  }

  FakeHost host;
  TotpMethod method{host, "Authenticator app", ""};
};

TEST_F(TotpMethodTest, DescribesASecondStepThatAsksForACodeOnly) {
  auto d = method.describe();
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->method_id, "totp");
  EXPECT_EQ(d->input_fields, std::vector<std::string>{"code"});
}

TEST_F(TotpMethodTest, EnrolmentShowsTheSecretOnceAndStoresItSealed) {
  auto started = method.enrol(ctx("sub-1"), {"sub-1", {{"sigid.issuer", "Acme"}, {"sigid.label", "ann@acme.test"}}});
  ASSERT_TRUE(started.ok());
  const std::string b32 = started->display.at("secret");
  EXPECT_EQ(b32.size(), 32u);  // 160 bits
  EXPECT_EQ(started->display.at("otpauth_uri"),
            "otpauth://totp/Acme:ann%40acme.test?secret=" + b32 + "&issuer=Acme&algorithm=SHA1&digits=6&period=30");
  const std::string stored = host.kv.at(credentialKey("sub-1"));
  EXPECT_EQ(stored.find(b32), std::string::npos);
  EXPECT_EQ(stored.find(fromBase32(b32)), std::string::npos);
  EXPECT_NE(stored.find("pending=sealed:"), std::string::npos);
}

TEST_F(TotpMethodTest, IsNotAFactorUntilAValidCodeConfirmsIt) {
  auto started = method.enrol(ctx("sub-1"), {"sub-1", {}});
  ASSERT_TRUE(started.ok());
  const std::string secret = fromBase32(started->display.at("secret"));
  EXPECT_EQ(method.begin(ctx("sub-1")).error().code(), sdk::ErrorCode::NotFound);
  EXPECT_EQ(signIn("sub-1", codeAt(secret, 0)).error().code(), sdk::ErrorCode::NotFound);

  std::string off_by_one = codeAt(secret, 0);
  off_by_one[0] = static_cast<char>('0' + (off_by_one[0] - '0' + 1) % 10);
  auto wrong = method.enrol(ctx("sub-1"), {"sub-1", {{"code", off_by_one}}});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code(), sdk::ErrorCode::AccessDenied);
  ASSERT_TRUE(method.enrol(ctx("sub-1"), {"sub-1", {{"code", codeAt(secret, 0)}}}).ok());
  auto challenge = method.begin(ctx("sub-1"));
  ASSERT_TRUE(challenge.ok());
  EXPECT_FALSE(challenge->display.empty());
}

TEST_F(TotpMethodTest, AnExpiredSetUpCannotBeConfirmed) {
  auto started = method.enrol(ctx("sub-1"), {"sub-1", {}});
  ASSERT_TRUE(started.ok());
  host.advance(TotpMethod::kPendingSeconds + 1);
  const std::string secret = fromBase32(started->display.at("secret"));
  auto late = method.enrol(ctx("sub-1"), {"sub-1", {{"code", codeAt(secret, 0)}}});
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code(), sdk::ErrorCode::InvalidRequest);
}

TEST_F(TotpMethodTest, AValidCodeIsASecondFactorAtLevelTwo) {
  const std::string secret = enrolled("sub-1");
  auto verified = signIn("sub-1", codeAt(secret, 0));
  ASSERT_TRUE(verified.ok()) << verified.error().message();
  EXPECT_EQ(verified->subject_ref, "sub-1");
  EXPECT_EQ(verified->amr, std::vector<std::string>{"otp"});
  EXPECT_EQ(verified->assurance_level, 2);
}

TEST_F(TotpMethodTest, ACodeIsAcceptedOnce) {
  const std::string secret = enrolled("sub-1");
  const std::string code = codeAt(secret, 0);
  ASSERT_TRUE(signIn("sub-1", code).ok());
  auto replay = signIn("sub-1", code);
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.error().code(), sdk::ErrorCode::AccessDenied);
  EXPECT_EQ(replay.error().message(), TotpMethod::kReplayed);
}

TEST_F(TotpMethodTest, AnEarlierStepIsRefusedOnceALaterOneWasUsed) {
  const std::string secret = enrolled("sub-1");
  ASSERT_TRUE(signIn("sub-1", codeAt(secret, 1)).ok());  // a fast phone clock
  EXPECT_FALSE(signIn("sub-1", codeAt(secret, 0)).ok());
  EXPECT_FALSE(signIn("sub-1", codeAt(secret, -1)).ok());
  host.advance(2 * kStepSeconds);
  EXPECT_TRUE(signIn("sub-1", codeAt(secret, 0)).ok());
}

TEST_F(TotpMethodTest, TheConfirmingCodeCannotSignIn) {
  auto started = method.enrol(ctx("sub-1"), {"sub-1", {}});
  ASSERT_TRUE(started.ok());
  const std::string secret = fromBase32(started->display.at("secret"));
  const std::string code = codeAt(secret, 0);
  ASSERT_TRUE(method.enrol(ctx("sub-1"), {"sub-1", {{"code", code}}}).ok());
  EXPECT_EQ(signIn("sub-1", code).error().message(), TotpMethod::kReplayed);
}

TEST_F(TotpMethodTest, CodesOutsideTheWindowAndMalformedOnesAreRefused) {
  const std::string secret = enrolled("sub-1");
  EXPECT_EQ(signIn("sub-1", codeAt(secret, 2)).error().message(), TotpMethod::kWrongCode);
  EXPECT_EQ(signIn("sub-1", codeAt(secret, -2)).error().message(), TotpMethod::kWrongCode);
  EXPECT_EQ(signIn("sub-1", "12345").error().message(), TotpMethod::kWrongCode);
  EXPECT_EQ(signIn("sub-1", "").error().message(), TotpMethod::kWrongCode);
  EXPECT_EQ(signIn("sub-1", "abcdef").error().message(), TotpMethod::kWrongCode);
}

TEST_F(TotpMethodTest, OneSubjectsAuthenticatorIsNotAnothersFactor) {
  const std::string secret = enrolled("sub-1");
  EXPECT_EQ(signIn("sub-2", codeAt(secret, 0)).error().code(), sdk::ErrorCode::NotFound);
  EXPECT_EQ(method.begin(ctx("sub-2")).error().code(), sdk::ErrorCode::NotFound);
}

TEST_F(TotpMethodTest, ANewSetUpLeavesTheActiveAuthenticatorUntilConfirmed) {
  const std::string old_secret = enrolled("sub-1");
  auto restarted = method.enrol(ctx("sub-1"), {"sub-1", {}});
  ASSERT_TRUE(restarted.ok());
  ASSERT_TRUE(signIn("sub-1", codeAt(old_secret, 0)).ok());
  host.advance(kStepSeconds);
  const std::string new_secret = fromBase32(restarted->display.at("secret"));
  ASSERT_TRUE(method.enrol(ctx("sub-1"), {"sub-1", {{"code", codeAt(new_secret, 0)}}}).ok());
  host.advance(kStepSeconds);
  EXPECT_FALSE(signIn("sub-1", codeAt(old_secret, 0)).ok());
  EXPECT_TRUE(signIn("sub-1", codeAt(new_secret, 0)).ok());
}

TEST_F(TotpMethodTest, RemovingTheCredentialEndsIt) {
  const std::string secret = enrolled("sub-1");
  ASSERT_TRUE(method.removeCredential(ctx("sub-1"), "sub-1").ok());
  EXPECT_EQ(method.begin(ctx("sub-1")).error().code(), sdk::ErrorCode::NotFound);
  EXPECT_EQ(signIn("sub-1", codeAt(secret, 0)).error().code(), sdk::ErrorCode::NotFound);
}

TEST(TotpCredential, RoundTripsAndRefusesGarbage) {
  TotpCredential c{"sealed:a", 10, 42, "sealed:b", 11};
  auto back = TotpCredential::decode(c.encode());
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->sealed_secret, "sealed:a");
  EXPECT_EQ(back->last_step, 42);
  EXPECT_EQ(back->sealed_pending, "sealed:b");
  EXPECT_EQ(back->pending_at, 11);
  EXPECT_FALSE(TotpCredential::decode("secret=x\n").has_value());
  EXPECT_FALSE(TotpCredential::decode("v1\nlast_step=abc\n").has_value());
  EXPECT_FALSE(TotpCredential::decode("v1\nsurprise=1\n").has_value());
}

}  // namespace
}  // namespace signin_totp
