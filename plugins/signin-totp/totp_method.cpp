#include "totp_method.hpp"

#include <chrono>

#include "totp.hpp"

namespace signin_totp {

using namespace sigid;

namespace {

// RFC 4226 §4 R6 asks for at least 128 bits and recommends 160: the size of an SHA-1 block output.
constexpr std::size_t kSecretBytes = 20;

std::string field(const std::map<std::string, std::string>& fields, const std::string& name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

bool validSubject(const std::string& subject) { return !subject.empty() && subject.size() <= 128; }

sdk::Error notEnrolled() { return sdk::Error(sdk::ErrorCode::NotFound, "no authenticator app is set up"); }

}  // namespace

TotpMethod::TotpMethod(sdk::Host& host, std::string display_name, std::string issuer)
    : host_(host), display_name_(std::move(display_name)), issuer_(std::move(issuer)) {}

std::int64_t TotpMethod::nowSeconds() const {
  return std::chrono::duration_cast<std::chrono::seconds>(host_.now().time_since_epoch()).count();
}

sdk::Result<std::optional<TotpCredential>> TotpMethod::load(const std::string& subject) {
  if (!validSubject(subject)) return std::optional<TotpCredential>{};
  auto stored = host_.kvGet(credentialKey(subject));
  if (!stored) return stored.error();
  if (!stored->has_value()) return std::optional<TotpCredential>{};
  auto record = TotpCredential::decode(**stored);
  if (!record) return sdk::Error(sdk::ErrorCode::Internal, "a stored authenticator record is unreadable");
  return std::optional<TotpCredential>{std::move(*record)};
}

sdk::Result<sdk::MethodDescription> TotpMethod::describe() {
  return sdk::MethodDescription{"totp", display_name_, "Enter the 6-digit code from your authenticator app", {"code"}};
}

sdk::Result<sdk::Challenge> TotpMethod::begin(const sdk::SignInContext& ctx) {
  auto record = load(ctx.subject_hint);
  if (!record) return record.error();
  if (!*record || !(*record)->active()) return notEnrolled();
  return sdk::Challenge{{{"prompt", "Enter the 6-digit code from your authenticator app"}}, ""};
}

sdk::Result<sdk::VerifiedSubject> TotpMethod::complete(const sdk::SignInContext& ctx, const sdk::Answer& answer) {
  const std::string code = field(answer.fields, "code");
  if (!wellFormedCode(code)) return sdk::Error(sdk::ErrorCode::AccessDenied, kWrongCode);
  std::lock_guard lock(mutex_);
  auto record = load(ctx.subject_hint);
  if (!record) return record.error();
  if (!*record || !(*record)->active()) return notEnrolled();
  TotpCredential credential = std::move(**record);
  auto secret = host_.unseal(credential.sealed_secret);
  if (!secret) return secret.error();
  const auto step = matchingStep(*secret, code, nowSeconds());
  if (!step) return sdk::Error(sdk::ErrorCode::AccessDenied, kWrongCode);
  if (*step <= credential.last_step) return sdk::Error(sdk::ErrorCode::AccessDenied, kReplayed);
  // Stored before answering: if the write fails, the code was not accepted.
  credential.last_step = *step;
  auto saved = host_.kvPut(credentialKey(ctx.subject_hint), credential.encode());
  if (!saved) return saved.error();
  return sdk::VerifiedSubject{ctx.subject_hint, {"otp"}, 2};
}

sdk::Result<sdk::Enrolment> TotpMethod::enrol(const sdk::SignInContext&, const sdk::EnrolmentInput& input) {
  if (!validSubject(input.subject_ref)) return sdk::Error(sdk::ErrorCode::InvalidRequest, "no subject to enrol");
  std::lock_guard lock(mutex_);
  auto current = load(input.subject_ref);
  if (!current) return current.error();
  const std::string code = field(input.fields, "code");
  if (input.fields.contains("code")) return confirm(input, std::move(*current), code);
  return start(input, std::move(*current));
}

sdk::Result<sdk::Enrolment> TotpMethod::start(const sdk::EnrolmentInput& input, std::optional<TotpCredential> current) {
  const std::string secret = host_.randomBytes(kSecretBytes);
  if (secret.size() != kSecretBytes) return sdk::Error(sdk::ErrorCode::Unavailable, "no random bytes for a secret");
  auto sealed = host_.seal(secret);
  if (!sealed) return sealed.error();
  TotpCredential next = current.value_or(TotpCredential{});
  next.sealed_pending = std::move(*sealed);
  next.pending_at = nowSeconds();
  auto saved = host_.kvPut(credentialKey(input.subject_ref), next.encode());
  if (!saved) return saved.error();

  std::string issuer = issuer_.empty() ? field(input.fields, "sigid.issuer") : issuer_;
  if (issuer.empty()) issuer = "SigID";
  std::string label = field(input.fields, "sigid.label");
  if (label.empty()) label = input.subject_ref;
  return sdk::Enrolment{input.subject_ref,
                        {{"secret", base32(secret)}, {"otpauth_uri", otpauthUri(issuer, label, secret)}}};
}

sdk::Result<sdk::Enrolment> TotpMethod::confirm(const sdk::EnrolmentInput& input, std::optional<TotpCredential> current,
                                                const std::string& code) {
  const std::int64_t now = nowSeconds();
  if (!current || current->sealed_pending.empty() || now - current->pending_at > kPendingSeconds)
    return sdk::Error(sdk::ErrorCode::InvalidRequest, "no authenticator set-up is waiting; start again");
  auto secret = host_.unseal(current->sealed_pending);
  if (!secret) return secret.error();
  const auto step = matchingStep(*secret, code, now);
  if (!step) return sdk::Error(sdk::ErrorCode::AccessDenied, kWrongCode);
  TotpCredential next;
  next.sealed_secret = std::move(current->sealed_pending);
  next.enrolled_at = now;
  // The confirming code is spent: it must not also sign someone in.
  next.last_step = *step;
  auto saved = host_.kvPut(credentialKey(input.subject_ref), next.encode());
  if (!saved) return saved.error();
  return sdk::Enrolment{input.subject_ref, {{"status", "active"}}};
}

sdk::Result<void> TotpMethod::removeCredential(const sdk::SignInContext&, const std::string& credential_id) {
  if (!validSubject(credential_id)) return sdk::Error(sdk::ErrorCode::NotFound, "no such credential");
  std::lock_guard lock(mutex_);
  return host_.kvDelete(credentialKey(credential_id));
}

}  // namespace signin_totp
