// Policy extra claims (docs/policies.md "Extra claims"): which claims a policy
// may add, how a `token` decision becomes a scope and claims, and how the
// claims travel through the access token, the ID token and back out of a
// verified token for introspection.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/crypto/json_object.hpp"
#include "oauth/access_token.hpp"
#include "oauth/id_token.hpp"
#include "oauth/policy_input.hpp"
#include "oauth/token_obligations.hpp"
#include "policy/decision.hpp"

using namespace sigid;
using policy::PolicyValue;

namespace {

PolicyValue claims(std::initializer_list<std::pair<const char*, PolicyValue>> members) {
  PolicyValue out = PolicyValue::object();
  for (const auto& [name, value] : members) out.set(name, value);
  return out;
}

policy::Decision allowWith(PolicyValue extra, std::optional<std::vector<std::string>> scopes = std::nullopt) {
  policy::Decision d;
  d.verdict = policy::Verdict::Allow;
  d.obligations.claims = std::move(extra);
  d.obligations.scopes = std::move(scopes);
  return d;
}

std::string problem(const PolicyValue& value) { return policy::extraClaimsProblem(value).value_or(""); }

TEST(ExtraClaims, RegisteredAndServerOwnedNamesAreReserved) {
  // RFC 7519, RFC 9068, SigID's tid, OIDC ID token and standard claims, RFC 8693, RFC 7800, RFC 7662 members.
  for (const char* name : {"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "client_id", "scope", "tid", "typ",
                           "azp", "auth_time", "acr", "amr", "nonce", "at_hash", "c_hash", "sid", "act", "may_act",
                           "cnf", "active", "token_type", "username", "email", "email_verified", "name",
                           "authorization_details"}) {
    EXPECT_TRUE(policy::isReservedClaim(name)) << name;
    EXPECT_EQ(problem(claims({{name, "x"}})),
              std::string("claim '") + name + "' is reserved and cannot be set by a policy");
  }
  // Case matters in JSON names; RFC 9068 §2.2.3.1 authorization attributes are the policies' to set.
  for (const char* name : {"ISS", "Sub", "department", "roles", "groups", "entitlements", "subject"})
    EXPECT_FALSE(policy::isReservedClaim(name)) << name;
}

TEST(ExtraClaims, AcceptsJsonValuesWithinTheBounds) {
  PolicyValue nested = PolicyValue::object();
  nested.set("level", 2);
  nested.set("tags", PolicyValue::strings({"a", "b"}));
  EXPECT_EQ(policy::extraClaimsProblem(claims({{"department", "support"},
                                               {"tier", 2},
                                               {"ratio", 0.5},
                                               {"on", true},
                                               {"none", PolicyValue()},
                                               {"unicode", "caf\xc3\xa9"},
                                               {"nested", nested}})),
            std::nullopt);
  EXPECT_EQ(policy::extraClaimsProblem(PolicyValue::object()), std::nullopt);
}

TEST(ExtraClaims, RefusesWhatJsonCannotCarryNamingTheClaim) {
  EXPECT_EQ(problem(claims({{"ratio", std::numeric_limits<double>::quiet_NaN()}})),
            "claim 'ratio' holds a number that is not finite");
  EXPECT_EQ(problem(claims({{"big", std::numeric_limits<double>::infinity()}})),
            "claim 'big' holds a number that is not finite");
  EXPECT_EQ(problem(claims({{"id", std::int64_t{1} << 53}})),
            "claim 'id' holds an integer beyond ±2^53 (send it as a string)");
  EXPECT_EQ(problem(claims({{"id", (std::int64_t{1} << 53) - 1}})), "");
  EXPECT_EQ(problem(claims({{"bytes", "\xff\xfe"}})), "claim 'bytes' holds a string that is not valid UTF-8");
  EXPECT_EQ(problem(claims({{"surrogate", "\xed\xa0\x80"}})),
            "claim 'surrogate' holds a string that is not valid UTF-8");
  EXPECT_EQ(problem(claims({{"overlong", "\xc0\xaf"}})), "claim 'overlong' holds a string that is not valid UTF-8");
  PolicyValue deep = PolicyValue::object();
  deep.set("k\x80", 1);
  EXPECT_EQ(problem(claims({{"deep", PolicyValue(PolicyValue::Array{deep})}})),
            "claim 'deep' holds a member name that is not valid UTF-8");
  EXPECT_EQ(problem(claims({{"bad\xff", 1}})), "claim 'bad?': the name is not valid UTF-8");
  EXPECT_EQ(problem(claims({{"", 1}})), "a claim name is empty");
  EXPECT_EQ(problem(PolicyValue::strings({"a"})), "claims must be a table of claim names to values");
}

TEST(ExtraClaims, CountAndSizeAreBounded) {
  PolicyValue many = PolicyValue::object();
  for (std::size_t i = 0; i < policy::kMaxExtraClaims; ++i) many.set("c" + std::to_string(i), 1);
  EXPECT_EQ(policy::extraClaimsProblem(many), std::nullopt);
  many.set("one_more", 1);
  EXPECT_EQ(problem(many), "too many extra claims: 17 (at most 16)");

  // The bound is on the JSON the token gains: "big":"<n bytes>" is n + 8 bytes.
  const std::size_t fits = policy::kMaxExtraClaimsBytes - 8;
  EXPECT_EQ(policy::extraClaimsProblem(claims({{"big", std::string(fits, 'x')}})), std::nullopt);
  EXPECT_EQ(problem(claims({{"big", std::string(fits + 1, 'x')}})),
            "extra claims too large: 2049 bytes of JSON (at most 2048)");
  // Escapes count as written: a quote costs two bytes.
  EXPECT_NE(problem(claims({{"big", std::string(fits / 2 + 1, '"')}})), "");
}

TEST(TokenDecision, AllowNarrowsScopesAndEncodesClaimsAsMembers) {
  auto grant = oauth::applyTokenDecision(allowWith(claims({{"department", "sup\"port"}, {"tier", 2}}),
                                                   std::vector<std::string>{"read"}),
                                         "read write");
  ASSERT_TRUE(grant.ok());
  EXPECT_EQ(grant->scope, "read");
  EXPECT_EQ(grant->extra_claims, R"("department":"sup\"port","tier":2)");

  auto plain = oauth::applyTokenDecision(allowWith(PolicyValue::object()), "read write");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->scope, "read write");
  EXPECT_EQ(plain->extra_claims, "");
}

TEST(TokenDecision, ClaimsBreakingTheContractDenyWithTheClaimInTheLogDetail) {
  // The sandbox refuses reserved names already; this is the backstop for a
  // merged set (several policies together can pass the bounds).
  auto reserved = oauth::applyTokenDecision(allowWith(claims({{"sub", "someone-else"}})), "read");
  ASSERT_FALSE(reserved.ok());
  EXPECT_EQ(reserved.error().code(), core::ErrorCode::AccessDenied);
  EXPECT_EQ(reserved.error().description(), "the request was denied by policy");
  EXPECT_NE(reserved.error().detail().find("claim 'sub' is reserved"), std::string::npos) << reserved.error().detail();

  PolicyValue many = PolicyValue::object();
  for (int i = 0; i < 20; ++i) many.set("c" + std::to_string(i), i);
  auto too_many = oauth::applyTokenDecision(allowWith(many), "read");
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.error().detail().find("too many extra claims"), std::string::npos);
}

TEST(TokenDecision, DenyStepUpAndApprovalAreAccessDenied) {
  policy::Decision deny;
  deny.verdict = policy::Verdict::Deny;
  deny.reasons = {"secret policy reason"};
  policy::Decision step_up;
  step_up.verdict = policy::Verdict::StepUp;
  step_up.acr = "urn:sigid:acr:mfa";
  policy::Decision approval = allowWith(claims({{"x", 1}}));
  approval.obligations.approval_required = true;
  for (const auto* d : {&deny, &step_up, &approval}) {
    auto r = oauth::applyTokenDecision(*d, "read");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), core::ErrorCode::AccessDenied);
    EXPECT_EQ(r.error().description().find("secret"), std::string::npos) << "policy reasons are not for clients";
  }
}

TEST(AccessTokenClaims, ExtraClaimsFollowTheRegisteredOnesAndSurviveDecoding) {
  oauth::AccessTokenClaims c{"https://id.example/t/acme", "c1", "aud", 2000, 1000, "jti1", "c1", "read", "tid",
                             R"("department":"sup\"port","tier":2,"tags":["a","b"],"nested":{"k":null})"};
  const std::string json = oauth::encodeClaims(c);
  EXPECT_EQ(json,
            R"({"iss":"https://id.example/t/acme","sub":"c1","aud":"aud","exp":2000,"iat":1000,"jti":"jti1",)"
            R"("client_id":"c1","scope":"read","tid":"tid","department":"sup\"port","tier":2,"tags":["a","b"],)"
            R"("nested":{"k":null}})");
  ASSERT_TRUE(core::crypto::JsonObject::parse(json).ok()) << json;
  auto decoded = oauth::decodeClaims(json);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->extra, c.extra);
  EXPECT_EQ(decoded->sub, "c1");

  c.extra.clear();
  EXPECT_EQ(oauth::decodeClaims(oauth::encodeClaims(c))->extra, "");
}

TEST(AccessTokenClaims, DecodingNeverLetsAnExtraMemberShadowAReservedName) {
  // Not something SigID writes, but introspection splices `extra` beside its
  // own members: a reserved name in it would duplicate one.
  auto decoded = oauth::decodeClaims(
      R"({"iss":"x","sub":"c","aud":"a","exp":2000,"iat":1,"jti":"j","client_id":"c","tid":"t",)"
      R"("active":false,"nbf":5,"token_type":"x","dept":"ops"})");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->extra, R"("dept":"ops")");
}

TEST(IdTokenClaims, ExtraClaimsAreAppended) {
  oauth::IdTokenClaims c;
  c.iss = "https://id.example/t/acme";
  c.sub = "s";
  c.aud = "c1";
  c.exp = 2000;
  c.iat = 1000;
  c.auth_time = 900;
  EXPECT_EQ(oauth::encodeIdTokenClaims(c).back(), '}');
  const std::string without = oauth::encodeIdTokenClaims(c);
  c.extra = R"("department":"ops")";
  const std::string with = oauth::encodeIdTokenClaims(c);
  EXPECT_EQ(with, without.substr(0, without.size() - 1) + R"(,"department":"ops"})");
  auto parsed = core::crypto::JsonObject::parse(with);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->find("department")->value, "ops");
}

TEST(PolicyContext, IpAndRequestIdAppearWhenKnown) {
  EXPECT_EQ(oauth::contextPolicyInput(1700000000, {"203.0.113.7", "req-1"}).toJson(),
            R"({"ip":"203.0.113.7","time":1700000000,"request_id":"req-1"})");
  EXPECT_EQ(oauth::contextPolicyInput(1700000000).toJson(), R"({"time":1700000000})")
      << "an unknown address is absent, not an empty string a CIDR helper would have to reject";
}

}  // namespace
