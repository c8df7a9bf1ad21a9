#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "sigid/sdk/sign_in_method.hpp"
#include "totp_credential.hpp"

namespace signin_totp {

// TOTP as a second factor for one tenant. It proves possession of an
// authenticator for a subject the kernel already identified (the kernel passes
// the tenant-local subject as `subject_hint` / `subject_ref`), so it asks for
// a "code" only and is never offered as a first step.
//
// Enrolment is two calls to enrol(): without a "code" field it makes a new
// secret, keeps it as pending and returns it (display "secret" and
// "otpauth_uri", shown once); with "code" it activates the pending secret if
// the code is valid for it. An active authenticator stays in use until the
// new one is confirmed. The kernel may pass "sigid.issuer" and "sigid.label"
// (the tenant's name, the account's e-mail) for the otpauth:// label.
class TotpMethod final : public sigid::sdk::SignInMethod {
 public:
  TotpMethod(sigid::sdk::Host& host, std::string display_name, std::string issuer);

  sigid::sdk::Result<sigid::sdk::MethodDescription> describe() override;
  // A challenge when the subject has an active authenticator; NotFound otherwise.
  sigid::sdk::Result<sigid::sdk::Challenge> begin(const sigid::sdk::SignInContext& ctx) override;
  // amr {"otp"}, assurance level 2 (RFC 8176 §2: "otp").
  sigid::sdk::Result<sigid::sdk::VerifiedSubject> complete(const sigid::sdk::SignInContext& ctx,
                                                           const sigid::sdk::Answer& answer) override;
  sigid::sdk::Result<sigid::sdk::Enrolment> enrol(const sigid::sdk::SignInContext& ctx,
                                                  const sigid::sdk::EnrolmentInput& input) override;
  sigid::sdk::Result<void> removeCredential(const sigid::sdk::SignInContext& ctx,
                                            const std::string& credential_id) override;

  static constexpr const char* kWrongCode = "the code is not valid";
  static constexpr const char* kReplayed = "that code was already used; wait for the next one";
  // How long a started enrolment waits for its confirming code.
  static constexpr std::int64_t kPendingSeconds = 600;

 private:
  sigid::sdk::Result<std::optional<TotpCredential>> load(const std::string& subject);
  sigid::sdk::Result<sigid::sdk::Enrolment> start(const sigid::sdk::EnrolmentInput& input,
                                                  std::optional<TotpCredential> current);
  sigid::sdk::Result<sigid::sdk::Enrolment> confirm(const sigid::sdk::EnrolmentInput& input,
                                                    std::optional<TotpCredential> current, const std::string& code);
  std::int64_t nowSeconds() const;

  sigid::sdk::Host& host_;
  std::string display_name_;
  std::string issuer_;  // empty: the kernel's "sigid.issuer" (the tenant's name)
  // Serialises read-check-write of a credential's last_step, so two requests
  // racing with one code in this process cannot both be accepted.
  std::mutex mutex_;
};

}  // namespace signin_totp
