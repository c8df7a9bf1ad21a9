#include "oauth/authorize/sign_in_gate.hpp"

#include "hosted/acr.hpp"
#include "oauth/policy_input.hpp"
#include "tenancy/application.hpp"

namespace sigid::oauth {

using policy::PolicyValue;

std::string parkedHandle(const tenancy::Tenant& tenant, std::string_view return_to) {
  const std::string prefix = "/t/" + tenant.slug + "/authorize?request_handle=";
  if (!return_to.starts_with(prefix)) return "";
  std::string_view handle = return_to.substr(prefix.size());
  // Exactly the path AuthorizeFlow::toLogin builds: the handle alone.
  if (handle.empty() || handle.size() > 128 || handle.find_first_of("&#?=/") != std::string_view::npos) return "";
  return std::string(handle);
}

core::Result<hosted::SignInRuling> SignInGate::evaluate(const hosted::SignInFacts& facts) {
  SIGID_TRY(auto snapshot, directory_.find(facts.tenant.slug));
  std::optional<ParkedAuthorization> parked;
  if (const std::string handle = parkedHandle(facts.tenant, facts.return_to); !handle.empty()) {
    SIGID_TRY(parked, pending_.find(facts.tenant, handle));
  }
  const ClientEntry* client = parked ? snapshot->client(parked->request.client_id) : nullptr;

  std::string required;
  if (parked) {
    if (auto demand = hosted::acrDemand(parked->request.acr_values)) required = *demand;
  }
  if (!evaluator_) {
    if (required.empty()) return hosted::SignInRuling{};
    return hosted::SignInRuling{hosted::SignInRuling::Kind::StepUp, required};
  }

  const auto now = clock_.nowSeconds();
  PolicyValue input = PolicyValue::object();
  input.set("attach", std::string(policy::toString(policy::AttachPoint::Signin)));
  PolicyValue subject = PolicyValue::object();
  subject.set("type", "user");
  subject.set("id", facts.member.subject);
  subject.set("roles", PolicyValue::strings(facts.member.roles));
  subject.set("amr", PolicyValue::strings(facts.amr));
  subject.set("acr", facts.acr);
  subject.set("auth_age_seconds", std::int64_t{0});  // authenticating right now
  input.set("subject", std::move(subject));
  if (client) input.set("client", clientPolicyInput(*client));
  input.set("action", std::string(policy::toString(policy::AttachPoint::Signin)));
  if (parked) input.set("requested_scopes", PolicyValue::strings(tenancy::splitSpaced(parked->request.scope)));
  input.set("delegation", PolicyValue::array());
  input.set("tenant", tenantPolicyInput(*snapshot));
  input.set("context", contextPolicyInput(now, RequestContext{facts.ip, facts.request_id}));

  SIGID_TRY(policy::Decision decision,
            evaluator_->evaluate({snapshot->tenant.id, snapshot->tenant.config_version}, policy::AttachPoint::Signin,
                                 input));
  if (decision.verdict == policy::Verdict::StepUp)
    return hosted::SignInRuling{hosted::SignInRuling::Kind::StepUp, hosted::strongerAcr(required, decision.acr)};
  // An approval cannot be waited for on a login form: like /authorize, it is a deny.
  if (!decision.allowed() || decision.obligations.approval_required)
    return hosted::SignInRuling{hosted::SignInRuling::Kind::Deny, ""};
  if (required.empty()) return hosted::SignInRuling{};
  return hosted::SignInRuling{hosted::SignInRuling::Kind::StepUp, required};
}

}  // namespace sigid::oauth
