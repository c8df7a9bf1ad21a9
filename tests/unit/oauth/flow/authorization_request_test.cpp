// /authorize validation: what may redirect and what may not (RFC 6749 §4.1.2.1).
#include "oauth/authorization_request.hpp"

#include <gtest/gtest.h>

#include "oauth/pkce.hpp"

using namespace sigid::oauth;

namespace {

TenantSnapshot snapshot() {
  TenantSnapshot t;
  t.issuer = "https://id.example/t/acme";
  ClientEntry spa;
  spa.client_id = "spa";
  spa.confidential = false;
  spa.grant_types = {"authorization_code", "refresh_token"};
  spa.scopes = {"openid", "profile", "offline_access"};
  spa.redirect_uris = {"https://app.example/cb"};
  t.clients.emplace("spa", spa);
  ClientEntry web = spa;
  web.client_id = "web";
  web.confidential = true;
  t.clients.emplace("web", web);
  ClientEntry svc = spa;
  svc.client_id = "svc";
  svc.grant_types = {"client_credentials"};
  t.clients.emplace("svc", svc);
  return t;
}

const std::string kChallenge = s256Challenge(std::string(50, 'v'));

QueryParams base(const std::string& client = "spa") {
  return {{"client_id", client},       {"redirect_uri", "https://app.example/cb"}, {"response_type", "code"},
          {"scope", "openid profile"}, {"state", "s1"},                            {"code_challenge", kChallenge},
          {"code_challenge_method", "S256"}};
}

std::optional<std::string> step1(const TenantSnapshot& t, const QueryParams& p) {
  const ClientEntry* client = nullptr;
  std::string redirect;
  return checkClientAndRedirect(t, p, client, redirect);
}

std::string refusal(const QueryParams& p, const std::string& client = "spa") {
  auto t = snapshot();
  AuthorizationRequest out;
  auto r = parseAuthorizationRequest(*t.client(client), p, out);
  return r ? r->error : "";
}

QueryParams with(QueryParams p, const std::string& key, const std::string& value) {
  std::erase_if(p, [&](const auto& kv) { return kv.first == key; });
  if (!value.empty()) p.emplace_back(key, value);
  return p;
}

}  // namespace

TEST(AuthorizationRequest, UnknownClientsAndUnregisteredRedirectsNeverRedirect) {
  auto t = snapshot();
  EXPECT_FALSE(step1(t, base()));
  EXPECT_TRUE(step1(t, with(base(), "client_id", "nobody")));
  EXPECT_TRUE(step1(t, with(base(), "client_id", "")));
  EXPECT_TRUE(step1(t, with(base(), "redirect_uri", "")));
  EXPECT_TRUE(step1(t, with(base(), "redirect_uri", "https://evil.example/cb")));
  EXPECT_TRUE(step1(t, with(base(), "redirect_uri", "https://app.example/cb/"))) << "exact match, not prefix";
  EXPECT_TRUE(step1(t, with(base(), "redirect_uri", "https://app.example/cb?x=1")));
  EXPECT_TRUE(step1(t, with(base(), "redirect_uri", "HTTPS://app.example/cb"))) << "no normalisation";
  auto twice = base();
  twice.emplace_back("redirect_uri", "https://evil.example/cb");
  EXPECT_TRUE(step1(t, twice)) << "a repeated redirect_uri is not trusted either";
}

TEST(AuthorizationRequest, ClientErrorsAreTheRfcCodes) {
  EXPECT_EQ(refusal(base()), "");
  EXPECT_EQ(refusal(with(base(), "response_type", "token")), "unsupported_response_type") << "no implicit flow";
  EXPECT_EQ(refusal(with(base(), "response_type", "code id_token")), "unsupported_response_type");
  EXPECT_EQ(refusal(with(base(), "response_type", "")), "invalid_request");
  EXPECT_EQ(refusal(with(base(), "scope", "openid admin")), "invalid_scope");
  EXPECT_EQ(refusal(with(base(), "code_challenge_method", "plain")), "invalid_request");
  EXPECT_EQ(refusal(with(with(base(), "code_challenge", ""), "code_challenge_method", "")), "invalid_request")
      << "a public client must use PKCE";
  EXPECT_EQ(refusal(with(with(base("web"), "code_challenge", ""), "code_challenge_method", ""), "web"), "")
      << "optional for a confidential client";
  EXPECT_EQ(refusal(with(base(), "prompt", "select_account")), "invalid_request");
  EXPECT_EQ(refusal(with(base(), "max_age", "-1")), "invalid_request");
  EXPECT_EQ(refusal(with(base(), "request", "eyJ...")), "request_not_supported");
  EXPECT_EQ(refusal(base("svc"), "svc"), "unauthorized_client");
  auto twice = base();
  twice.emplace_back("state", "s2");
  EXPECT_EQ(refusal(twice), "invalid_request") << "§3.1: parameters at most once";
}

TEST(AuthorizationRequest, ParsesWhatItAccepts) {
  auto t = snapshot();
  AuthorizationRequest out;
  auto p = with(with(with(base(), "max_age", "300"), "nonce", "n1"), "login_hint", "ann@example.com");
  ASSERT_FALSE(parseAuthorizationRequest(*t.client("spa"), p, out));
  EXPECT_EQ(out.scope, "openid profile");
  EXPECT_EQ(*out.max_age, 300);
  EXPECT_EQ(out.nonce, "n1");
  EXPECT_EQ(out.login_hint, "ann@example.com");
  EXPECT_EQ(out.code_challenge, kChallenge);
}

TEST(AuthorizationRequest, RedirectsKeepTheRegisteredQuery) {
  EXPECT_EQ(withQuery("https://a.example/cb", {{"code", "x y"}, {"state", "a&b"}}),
            "https://a.example/cb?code=x%20y&state=a%26b");
  EXPECT_EQ(withQuery("https://a.example/cb?tenant=1", {{"code", "c"}}), "https://a.example/cb?tenant=1&code=c");
}
