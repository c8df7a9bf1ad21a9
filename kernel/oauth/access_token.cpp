#include "oauth/access_token.hpp"

#include "core/crypto/json_object.hpp"
#include "core/log.hpp"
#include "core/random.hpp"
#include "policy/decision.hpp"

namespace sigid::oauth {
namespace {

std::optional<std::int64_t> integer(const core::crypto::JsonObject& object, std::string_view name) {
  const auto* m = object.find(name);
  if (!m || m->kind != core::crypto::JsonMember::Kind::Number) return std::nullopt;
  std::int64_t value = 0;
  for (char c : m->value) {
    if (c < '0' || c > '9') return std::nullopt;  // NumericDate as SigID writes it: whole seconds
    value = value * 10 + (c - '0');
    if (value > (std::int64_t{1} << 40)) return std::nullopt;
  }
  return m->value.empty() ? std::nullopt : std::optional<std::int64_t>(value);
}

bool text(const core::crypto::JsonObject& object, std::string_view name, std::string& out, bool required = true) {
  const auto* m = object.find(name);
  if (!m) return !required;
  if (m->kind != core::crypto::JsonMember::Kind::String) return false;
  out = m->value;
  return true;
}

// The members encodeClaims writes from AccessTokenClaims' own fields.
bool isOwnClaim(std::string_view name) {
  return name == "iss" || name == "sub" || name == "aud" || name == "exp" || name == "iat" || name == "jti" ||
         name == "client_id" || name == "scope" || name == "tid";
}

}  // namespace

std::string encodeClaims(const AccessTokenClaims& c) {
  std::string out;
  out.reserve(256 + c.iss.size() + c.aud.size() + c.scope.size() + c.extra.size());
  out += '{';
  core::appendJsonMember(out, "iss", c.iss);
  core::appendJsonMember(out, "sub", c.sub);
  core::appendJsonMember(out, "aud", c.aud);
  core::appendJsonMember(out, "exp", c.exp);
  core::appendJsonMember(out, "iat", c.iat);
  core::appendJsonMember(out, "jti", c.jti);
  core::appendJsonMember(out, "client_id", c.client_id);
  if (!c.scope.empty()) core::appendJsonMember(out, "scope", c.scope);
  core::appendJsonMember(out, "tid", c.tid);
  if (!c.extra.empty()) {
    out += c.extra;
    out += '}';
  } else {
    out.back() = '}';
  }
  return out;
}

std::optional<AccessTokenClaims> decodeClaims(std::string_view json) {
  auto parsed = core::crypto::JsonObject::parse(json);
  if (!parsed) return std::nullopt;
  AccessTokenClaims c;
  auto exp = integer(*parsed, "exp");
  auto iat = integer(*parsed, "iat");
  if (!exp || !iat) return std::nullopt;
  c.exp = *exp;
  c.iat = *iat;
  if (!text(*parsed, "iss", c.iss) || !text(*parsed, "sub", c.sub) || !text(*parsed, "aud", c.aud) ||
      !text(*parsed, "jti", c.jti) || !text(*parsed, "client_id", c.client_id) || !text(*parsed, "tid", c.tid) ||
      !text(*parsed, "scope", c.scope, false))
    return std::nullopt;
  if (c.jti.empty()) return std::nullopt;
  for (const auto& m : parsed->members()) {
    if (isOwnClaim(m.name) || policy::isReservedClaim(m.name)) continue;
    if (!c.extra.empty()) c.extra += ',';
    core::appendJsonString(c.extra, m.name);
    c.extra += ':';
    // A string arrives decoded; anything else is the raw text of a strictly parsed document.
    if (m.kind == core::crypto::JsonMember::Kind::String) core::appendJsonString(c.extra, m.value);
    else c.extra += m.value;
  }
  return c;
}

core::Result<IssuedToken> AccessTokenIssuer::issue(const TenantSnapshot& tenant, const ClientEntry& client,
                                                   std::string scope, std::string_view subject,
                                                   std::string extra_claims) {
  const auto now = clock_.nowSeconds();
  AccessTokenClaims claims{tenant.issuer,
                           // RFC 9068 §2.2: with no resource owner, sub is the client
                           subject.empty() ? client.client_id : std::string(subject),
                           client.audience,
                           now + client.access_token_ttl,
                           now,
                           core::randomToken(16),  // 128 bits: unique without coordination between nodes
                           client.client_id,
                           std::move(scope),
                           tenant.tenant.id.str(),
                           std::move(extra_claims)};
  SIGID_TRY(std::string jwt, keys_.sign(tenant.tenant, client.signing_alg, kAccessTokenTyp, encodeClaims(claims)));
  IssuedToken issued{std::move(jwt), client.access_token_ttl, claims.scope, std::move(claims)};
  return issued;
}

}  // namespace sigid::oauth
