#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "integration/kernel_fixture.hpp"

namespace sigid::testing {

struct TestClient {
  std::string id;         // application id (control plane)
  std::string client_id;  // wire id
  std::string secret;
};

// A kernel with OAuth-friendly settings: a short cache refresh (so status
// changes show up quickly) and rate limits high enough not to interfere,
// unless a test passes its own settings.
class OAuthTest : public KernelTest {
 protected:
  void SetUp() override;
  virtual std::map<std::string, std::string> extraEnv() const;

  // POST .../applications with `json`; asserts 201.
  TestClient createApp(const std::string& tenant, const std::string& json = R"({"name":"svc","scopes":["read","write"]})");
  // POST form to /t/{slug}/{endpoint} with optional headers.
  HttpResult postForm(const std::string& slug, const std::string& endpoint, const std::string& form,
                      std::map<std::string, std::string> headers = {});
  HttpResult token(const std::string& slug, const TestClient& client, const std::string& extra = "");
  std::string accessToken(const std::string& slug, const TestClient& client, const std::string& extra = "");
};

std::map<std::string, std::string> basicAuth(const std::string& user, const std::string& password);
// The decoded JSON payload (or header, segment 0) of a compact JWS.
Poco::JSON::Object::Ptr jwtSegment(const std::string& jwt, int segment);
void expectOAuthError(const HttpResult& res, int status, const std::string& error);

}  // namespace sigid::testing
