// The signin-password plugin's logic, built from its sources against the SDK
// and driven through a fake Host (no kernel involved).
#include "password_method.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "argon2_hasher.hpp"
#include "credential_record.hpp"
#include "password_rules.hpp"

namespace signin_password {
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
  sdk::Result<std::string> seal(std::string_view p) override { return std::string(p); }
  sdk::Result<std::string> unseal(std::string_view s) override { return std::string(s); }
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

  std::map<std::string, std::string> kv;
  std::chrono::system_clock::time_point now_{std::chrono::seconds(1'800'000'000)};

 private:
  sdk::PluginConfig config_;
  std::mt19937 rng_{42};
};

constexpr Argon2Params kCheap{1024, 1, 1};

sdk::Result<void> setPassword(PasswordMethod& m, const std::string& subject, const std::string& password,
                              std::map<std::string, std::string> policy = {}) {
  policy["password"] = password;
  auto r = m.enrol({}, {subject, policy});
  if (!r) return r.error();
  return sdk::ok();
}

sdk::Result<sdk::VerifiedSubject> signIn(PasswordMethod& m, const std::string& subject, const std::string& password,
                                         std::map<std::string, std::string> policy = {}) {
  policy["password"] = password;
  return m.complete(sdk::SignInContext{"t", subject, "x", "", ""}, sdk::Answer{"", policy});
}

TEST(Argon2Hasher, WritesPhcStringsWithItsParameters) {
  Argon2Hasher hasher(kCheap);
  auto phc = hasher.hash("secret", "0123456789abcdef");
  EXPECT_EQ(phc.rfind("$argon2id$v=19$m=1024,t=1,p=1$", 0), 0u) << phc;
  EXPECT_TRUE(hasher.verify(phc, "secret"));
  EXPECT_FALSE(hasher.verify(phc, "Secret"));
  EXPECT_FALSE(hasher.needsRehash(phc));
  EXPECT_TRUE(Argon2Hasher({2048, 1, 1}).needsRehash(phc));
  EXPECT_TRUE(hasher.needsRehash("$argon2i$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA"));
  EXPECT_FALSE(phcParams("garbage"));
}

TEST(PasswordMethod, VerifiesAndRefusesWithOneMessage) {
  FakeHost host;
  PasswordMethod method(host, kCheap, "Password");
  ASSERT_TRUE(setPassword(method, "sub-1", "correct horse battery"));
  auto ok = signIn(method, "sub-1", "correct horse battery");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->subject_ref, "sub-1");
  EXPECT_EQ(ok->amr, std::vector<std::string>{"pwd"});
  auto wrong = signIn(method, "sub-1", "wrong");
  auto unknown = signIn(method, "nobody", "wrong");
  auto empty = signIn(method, "", "wrong");
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(unknown);
  ASSERT_FALSE(empty);
  EXPECT_EQ(wrong.error().code(), sdk::ErrorCode::AccessDenied);
  EXPECT_EQ(wrong.error().message(), unknown.error().message());
  EXPECT_EQ(wrong.error().message(), empty.error().message());
}

TEST(PasswordMethod, RehashesWhenTheParametersChange) {
  FakeHost host;
  PasswordMethod old_params(host, kCheap, "Password");
  ASSERT_TRUE(setPassword(old_params, "sub-1", "correct horse battery"));
  const std::string before = CredentialRecord::decode(host.kv["cred:sub-1"])->phc;
  PasswordMethod new_params(host, {2048, 2, 1}, "Password");
  ASSERT_TRUE(signIn(new_params, "sub-1", "correct horse battery"));
  const std::string after = CredentialRecord::decode(host.kv["cred:sub-1"])->phc;
  EXPECT_NE(before, after);
  EXPECT_EQ(after.rfind("$argon2id$v=19$m=2048,t=2,p=1$", 0), 0u);
  EXPECT_TRUE(signIn(new_params, "sub-1", "correct horse battery"));
  EXPECT_FALSE(signIn(new_params, "sub-1", "wrong"));
}

TEST(PasswordMethod, EnforcesThePolicyTheKernelHandsOver) {
  FakeHost host;
  PasswordMethod method(host, kCheap, "Password");
  std::map<std::string, std::string> policy{{"sigid.policy.min_length", "10"},
                                            {"sigid.policy.require_numbers", "true"}};
  auto weak = setPassword(method, "sub-1", "short", policy);
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().code(), sdk::ErrorCode::InvalidRequest);
  EXPECT_NE(weak.error().message().find("a digit"), std::string::npos);
  EXPECT_TRUE(setPassword(method, "sub-1", "long enough 1", policy));
}

TEST(PasswordMethod, RefusesRecentlyUsedPasswords) {
  FakeHost host;
  PasswordMethod method(host, kCheap, "Password");
  std::map<std::string, std::string> policy{{"sigid.policy.min_length", "4"}, {"sigid.policy.history_count", "2"}};
  ASSERT_TRUE(setPassword(method, "s", "first", policy));
  EXPECT_FALSE(setPassword(method, "s", "first", policy)) << "the current password";
  ASSERT_TRUE(setPassword(method, "s", "second", policy));
  EXPECT_FALSE(setPassword(method, "s", "first", policy)) << "one before the current";
  ASSERT_TRUE(setPassword(method, "s", "third", policy));
  EXPECT_TRUE(setPassword(method, "s", "first", policy)) << "beyond the last two";
}

TEST(PasswordMethod, ExpiredPasswordsAreRefusedOnlyOnceProven) {
  FakeHost host;
  PasswordMethod method(host, kCheap, "Password");
  ASSERT_TRUE(setPassword(method, "s", "correct horse battery"));
  std::map<std::string, std::string> policy{{"sigid.policy.max_age_days", "30"}};
  EXPECT_TRUE(signIn(method, "s", "correct horse battery", policy));
  host.now_ += std::chrono::hours(24 * 31);
  auto expired = signIn(method, "s", "correct horse battery", policy);
  ASSERT_FALSE(expired);
  EXPECT_NE(expired.error().message().find("expired"), std::string::npos);
  auto wrong = signIn(method, "s", "wrong", policy);
  EXPECT_EQ(wrong.error().message(), PasswordMethod::kRefused) << "a wrong password learns nothing about expiry";
}

TEST(CredentialRecord, RoundTripsAndRefusesGarbage) {
  CredentialRecord r{"$argon2id$x", 42, {"$old1", "$old2"}};
  auto back = CredentialRecord::decode(r.encode());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->phc, r.phc);
  EXPECT_EQ(back->set_at, 42);
  EXPECT_EQ(back->history, r.history);
  EXPECT_FALSE(CredentialRecord::decode("nonsense"));
  EXPECT_FALSE(CredentialRecord::decode("v1\nset_at=1\n"));
}

}  // namespace
}  // namespace signin_password
