// RFC 7636 as SigID applies it: S256 only, strict shapes, constant-time match.
#include "oauth/pkce.hpp"

#include <gtest/gtest.h>

using namespace sigid::oauth;

TEST(Pkce, TheRfcExampleVerifies) {
  // RFC 7636 Appendix B.
  const std::string verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  EXPECT_EQ(s256Challenge(verifier), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  EXPECT_TRUE(verifierMatches(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
}

TEST(Pkce, AWrongOrMalformedVerifierDoesNotMatch) {
  const std::string challenge = s256Challenge(std::string(43, 'a'));
  EXPECT_FALSE(verifierMatches(std::string(43, 'b'), challenge));
  EXPECT_FALSE(verifierMatches(std::string(42, 'a'), s256Challenge(std::string(42, 'a')))) << "too short (§4.1)";
  EXPECT_FALSE(verifierMatches(std::string(129, 'a'), s256Challenge(std::string(129, 'a')))) << "too long";
  EXPECT_FALSE(verifierMatches(std::string(42, 'a') + "+", s256Challenge(std::string(42, 'a') + "+")))
      << "not an unreserved character";
  EXPECT_FALSE(verifierMatches("", challenge));
}

TEST(Pkce, PlainAndUnknownMethodsAreRefused) {
  const std::string challenge = s256Challenge(std::string(43, 'a'));
  EXPECT_TRUE(validateCodeChallenge(challenge, "S256").ok());
  EXPECT_FALSE(validateCodeChallenge(challenge, "plain").ok()) << "plain is refused";
  EXPECT_FALSE(validateCodeChallenge(challenge, "").ok()) << "§4.3 defaults to plain: the method must be named";
  EXPECT_FALSE(validateCodeChallenge(challenge, "s256").ok()) << "case-sensitive";
  EXPECT_FALSE(validateCodeChallenge("", "S256").ok()) << "method without challenge";
  EXPECT_TRUE(validateCodeChallenge("", "").ok()) << "no PKCE at all is the caller's decision";
  EXPECT_FALSE(validateCodeChallenge(std::string(42, 'a'), "S256").ok()) << "not a SHA-256";
  EXPECT_FALSE(validateCodeChallenge(std::string(42, 'a') + "=", "S256").ok()) << "padding is not base64url";
}
