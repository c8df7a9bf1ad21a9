#include "password_method.hpp"

#include <chrono>

#include "credential_record.hpp"
#include "password_rules.hpp"

namespace signin_password {

using namespace sigid;

namespace {

sdk::Error refused() { return sdk::Error(sdk::ErrorCode::AccessDenied, PasswordMethod::kRefused); }

std::string field(const std::map<std::string, std::string>& fields, const std::string& name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

bool validSubject(const std::string& subject) { return !subject.empty() && subject.size() <= 128; }

}  // namespace

PasswordMethod::PasswordMethod(sdk::Host& host, Argon2Params params, std::string display_name)
    : host_(host), hasher_(params), display_name_(std::move(display_name)) {
  dummy_phc_ = hasher_.hash(host_.randomBytes(32), host_.randomBytes(16));
}

std::int64_t PasswordMethod::nowSeconds() const {
  return std::chrono::duration_cast<std::chrono::seconds>(host_.now().time_since_epoch()).count();
}

std::string PasswordMethod::freshHash(const std::string& password) { return hasher_.hash(password, host_.randomBytes(16)); }

sdk::Result<sdk::MethodDescription> PasswordMethod::describe() {
  return sdk::MethodDescription{"password", display_name_, "Sign in with your e-mail address and password",
                                {"email", "password"}};
}

sdk::Result<sdk::Challenge> PasswordMethod::begin(const sdk::SignInContext&) {
  return sdk::Challenge{};  // one step: the login form already asks for the password
}

sdk::Result<sdk::VerifiedSubject> PasswordMethod::complete(const sdk::SignInContext& ctx, const sdk::Answer& answer) {
  const std::string password = field(answer.fields, "password");
  std::optional<CredentialRecord> credential;
  if (validSubject(ctx.subject_hint)) {
    auto stored = host_.kvGet(credentialKey(ctx.subject_hint));
    if (!stored) return stored.error();
    if (stored->has_value()) credential = CredentialRecord::decode(**stored);
  }
  if (!credential) {
    hasher_.verify(dummy_phc_, password);
    return refused();
  }
  if (password.empty() || !hasher_.verify(credential->phc, password)) return refused();

  // Only now, with the right password, may the answer say anything more.
  const auto rules = PasswordRules::fromFields(answer.fields);
  if (rules.max_age_days > 0 && nowSeconds() - credential->set_at > std::int64_t(rules.max_age_days) * 86400)
    return sdk::Error(sdk::ErrorCode::AccessDenied, "the password has expired; choose a new one with a reset link");

  if (hasher_.needsRehash(credential->phc)) {
    // Parameters changed in the plugin config: upgrade the hash while the password is at hand.
    std::string upgraded = freshHash(password);
    if (!upgraded.empty()) {
      credential->phc = std::move(upgraded);
      auto saved = host_.kvPut(credentialKey(ctx.subject_hint), credential->encode());
      if (!saved) host_.log(sdk::LogLevel::Warning, "could not store a rehashed password", {{"error", saved.error().message()}});
    }
  }
  return sdk::VerifiedSubject{ctx.subject_hint, {"pwd"}, 1};
}

sdk::Result<sdk::Enrolment> PasswordMethod::enrol(const sdk::SignInContext&, const sdk::EnrolmentInput& input) {
  if (!validSubject(input.subject_ref)) return sdk::Error(sdk::ErrorCode::InvalidRequest, "no subject to enrol");
  const std::string password = field(input.fields, "password");
  const auto rules = PasswordRules::fromFields(input.fields);
  if (auto problems = rules.problems(password); !problems.empty())
    return sdk::Error(sdk::ErrorCode::InvalidRequest, "password: the password needs " + problems);

  const std::string key = credentialKey(input.subject_ref);
  auto stored = host_.kvGet(key);
  if (!stored) return stored.error();
  CredentialRecord next;
  if (stored->has_value()) {
    if (auto previous = CredentialRecord::decode(**stored)) {
      if (rules.history_count > 0) {
        std::vector<std::string> recent{previous->phc};
        for (const auto& old : previous->history) recent.push_back(old);
        recent.resize(std::min<std::size_t>(recent.size(), static_cast<std::size_t>(rules.history_count)));
        for (const auto& phc : recent) {
          if (hasher_.verify(phc, password))
            return sdk::Error(sdk::ErrorCode::InvalidRequest,
                              "password: choose a password you have not used for your last " +
                                  std::to_string(rules.history_count) + " passwords");
        }
        // Keep what the next change must be compared with: the current one plus N-1 before it.
        recent.resize(std::min<std::size_t>(recent.size(), static_cast<std::size_t>(rules.history_count - 1)));
        next.history = std::move(recent);
      }
    }
  }
  next.phc = freshHash(password);
  if (next.phc.empty()) return sdk::Error(sdk::ErrorCode::Unavailable, "the password could not be hashed");
  next.set_at = nowSeconds();
  auto saved = host_.kvPut(key, next.encode());
  if (!saved) return saved.error();
  return sdk::Enrolment{input.subject_ref, {}};
}

sdk::Result<void> PasswordMethod::removeCredential(const sdk::SignInContext&, const std::string& credential_id) {
  if (!validSubject(credential_id)) return sdk::Error(sdk::ErrorCode::NotFound, "no such credential");
  return host_.kvDelete(credentialKey(credential_id));
}

}  // namespace signin_password
