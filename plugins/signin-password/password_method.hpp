#pragma once

#include <string>

#include "argon2_hasher.hpp"
#include "sigid/sdk/sign_in_method.hpp"

namespace signin_password {

// Password sign-in for one tenant. The kernel passes the tenant-local subject
// as `subject_hint` (or a value no credential exists for, when the typed
// e-mail is unknown), the submitted "password" field, and the tenant's policy
// in "sigid.policy.*" fields. Credentials live in the Host key/value store, so
// a password is per (tenant, account): one tenant's breach or reset never
// touches another's.
class PasswordMethod final : public sigid::sdk::SignInMethod {
 public:
  PasswordMethod(sigid::sdk::Host& host, Argon2Params params, std::string display_name);

  sigid::sdk::Result<sigid::sdk::MethodDescription> describe() override;
  sigid::sdk::Result<sigid::sdk::Challenge> begin(const sigid::sdk::SignInContext& ctx) override;
  sigid::sdk::Result<sigid::sdk::VerifiedSubject> complete(const sigid::sdk::SignInContext& ctx,
                                                           const sigid::sdk::Answer& answer) override;
  sigid::sdk::Result<sigid::sdk::Enrolment> enrol(const sigid::sdk::SignInContext& ctx,
                                                  const sigid::sdk::EnrolmentInput& input) override;
  sigid::sdk::Result<void> removeCredential(const sigid::sdk::SignInContext& ctx,
                                            const std::string& credential_id) override;

  // The one message for an unknown account and a wrong password.
  static constexpr const char* kRefused = "the e-mail address or password is incorrect";

 private:
  std::string freshHash(const std::string& password);
  std::int64_t nowSeconds() const;

  sigid::sdk::Host& host_;
  Argon2Hasher hasher_;
  std::string display_name_;
  // Verified against when no credential exists, so an unknown account costs
  // the same argon2 work as a wrong password: response time tells nothing.
  std::string dummy_phc_;
};

}  // namespace signin_password
