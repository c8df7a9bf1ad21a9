#pragma once

#include <map>
#include <memory>
#include <string>

#include "integration/kernel_fixture.hpp"
#include "support/smtp_listener.hpp"

namespace sigid::testing {

// A browser as far as the hosted pages care: a cookie jar per path prefix
// (Path=/t/{slug}/), form posts, and the CSRF token of the last page.
class PageBrowser {
 public:
  explicit PageBrowser(HttpClient& http) : http_(http) {}

  HttpResult get(const std::string& path);
  // application/x-www-form-urlencoded POST; sends the jar's cookies.
  HttpResult post(const std::string& path, const std::map<std::string, std::string>& form);
  // The csrf_token of the first form on `html`.
  static std::string csrfToken(const std::string& html);
  std::string cookie(const std::string& name) const;
  void setCookie(const std::string& name, const std::string& value) { jar_[name] = value; }
  void forget(const std::string& name) { jar_.erase(name); }

 private:
  void remember(const HttpResult& result);
  std::map<std::string, std::string> headers() const;

  HttpClient& http_;
  std::map<std::string, std::string> jar_;  // tests use one tenant per browser, so Path needs no modelling
};

// KernelTest with the signin-password plugin loaded and mail going to an SMTP
// listener on loopback.
class HostedTest : public KernelTest {
 protected:
  void SetUp() override;

  // Provisions `slug`, enables password sign-in (cheap argon2 parameters) and
  // returns the tenant's id.
  std::string tenantWithPasswords(const std::string& slug);
  // POST /users; returns the subject.
  std::string createUser(const std::string& slug, const std::string& email, const std::string& password);
  void patchSettings(const std::string& slug, const std::string& settings_json);
  // Signs in on the hosted login page; returns the final response (303 on success).
  HttpResult signIn(PageBrowser& browser, const std::string& slug, const std::string& email,
                    const std::string& password);

  std::unique_ptr<SmtpListener> smtp_;
};

}  // namespace sigid::testing
