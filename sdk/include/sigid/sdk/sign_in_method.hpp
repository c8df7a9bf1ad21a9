#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sigid/sdk/host.hpp"
#include "sigid/sdk/manifest.hpp"
#include "sigid/sdk/plugin_config.hpp"
#include "sigid/sdk/result.hpp"

namespace sigid::sdk {

// How the login page shows the method.
struct MethodDescription {
  std::string method_id;     // stable, e.g. "email-otp"
  std::string display_name;  // e.g. "Email code"
  std::string prompt;        // e.g. "We sent a code to your email"
  std::vector<std::string> input_fields;  // form fields the page renders, e.g. {"code"}
};

// Who is signing in and where. `subject_hint` is what the user typed (an email,
// a username) or the tenant-local subject when re-authenticating.
struct SignInContext {
  std::string tenant_id;
  std::string subject_hint;
  std::string transaction_id;  // ties begin and complete together
  std::string client_ip;
  std::string user_agent;
};

struct Challenge {
  std::map<std::string, std::string> display;  // what the page shows (never a secret)
  std::string state;  // opaque to the kernel; handed back in Answer
};

struct Answer {
  std::string state;
  std::map<std::string, std::string> fields;  // the submitted form
};

// An authenticated subject reference, as RFC 8176 describes it.
struct VerifiedSubject {
  std::string subject_ref;        // the identifier the method proved (email, credential id)
  std::vector<std::string> amr;   // e.g. {"otp", "email"}
  int assurance_level = 1;        // 1: single factor, 2: multi-factor or phishing-resistant
};

struct EnrolmentInput {
  std::string subject_ref;
  std::map<std::string, std::string> fields;
};

struct Enrolment {
  std::string credential_id;
  std::map<std::string, std::string> display;  // e.g. a provisioning URI, shown once
};

// One tenant's configured sign-in method.
class SignInMethod {
 public:
  virtual ~SignInMethod() = default;
  virtual Result<MethodDescription> describe() = 0;
  virtual Result<Challenge> begin(const SignInContext& ctx) = 0;
  virtual Result<VerifiedSubject> complete(const SignInContext& ctx, const Answer& answer) = 0;
  virtual Result<Enrolment> enrol(const SignInContext& ctx, const EnrolmentInput& input) = 0;
  virtual Result<void> removeCredential(const SignInContext& ctx, const std::string& credential_id) = 0;
};

class SignInMethodFactory {
 public:
  static constexpr Kind kKind = Kind::SignInMethod;
  virtual ~SignInMethodFactory() = default;
  // `config` already passed the manifest's schema. `host` outlives the instance.
  virtual Result<std::unique_ptr<SignInMethod>> create(const PluginConfig& config, Host& host) = 0;
};

}  // namespace sigid::sdk
