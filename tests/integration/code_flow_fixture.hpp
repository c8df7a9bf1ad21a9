#pragma once

#include <map>
#include <string>

#include "integration/hosted_fixture.hpp"

namespace sigid::testing {

struct FlowClient {
  std::string client_id;
  std::string secret;  // empty for public clients
};

// HostedTest plus what the authorization code flow needs: applications, the
// /authorize redirects followed by hand, and the token endpoint.
class CodeFlowTest : public HostedTest {
 protected:
  static constexpr const char* kRedirect = "http://127.0.0.1:9/cb";
  static constexpr const char* kVerifier = "verifier-0123456789-0123456789-0123456789-0123456789";

  // A public (PKCE) client by default; `json_extra` is spliced into the body.
  FlowClient createClient(const std::string& slug, bool confidential = false, const std::string& json_extra = "");
  // /t/{slug}/authorize with sensible defaults (code, openid profile email
  // offline_access, state, nonce, S256 of kVerifier) overridden by `params`
  // ("" removes one).
  HttpResult authorize(PageBrowser& browser, const std::string& slug, const FlowClient& client,
                       std::map<std::string, std::string> params = {});
  // Follows a 303 to the consent page and allows (or denies); returns the
  // response to the consent POST.
  HttpResult consent(PageBrowser& browser, const HttpResult& to_consent, bool allow = true);
  // Signs in, authorizes, consents when asked and returns the `code` the
  // client gets ("" on failure, with a test failure recorded).
  std::string obtainCode(PageBrowser& browser, const std::string& slug, const FlowClient& client,
                         std::map<std::string, std::string> params = {});
  HttpResult exchange(const std::string& slug, const FlowClient& client, const std::string& code,
                      const std::string& verifier = kVerifier, const std::string& redirect_uri = kRedirect);
  HttpResult refresh(const std::string& slug, const FlowClient& client, const std::string& refresh_token);
  HttpResult postForm(const std::string& slug, const std::string& endpoint, const std::string& form,
                      std::map<std::string, std::string> headers = {});
  // Follows a redirect to a same-server path.
  HttpResult follow(PageBrowser& browser, const HttpResult& redirect);
  std::int64_t auditCount(const std::string& type);

  // Where /authorize sends the browser back to the client: a 302's Location,
  // or the meta-refresh URL of the 200 page a resumed request answers with.
  static std::string clientLocation(const HttpResult& res);
  // A query parameter of a Location URL ("" when absent).
  static std::string queryParam(const std::string& url, const std::string& name);
  static std::string urlEncode(const std::string& text);
};

}  // namespace sigid::testing
