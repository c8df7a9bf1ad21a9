#include "oauth/access_token.hpp"

#include "core/crypto/json_object.hpp"
#include "core/log.hpp"
#include "core/random.hpp"

namespace sigid::oauth {
namespace {

void member(std::string& out, std::string_view name, std::string_view value) {
  out += '"';
  out += name;
  out += "\":";
  core::appendJsonString(out, value);
  out += ',';
}

void member(std::string& out, std::string_view name, std::int64_t value) {
  out += '"';
  out += name;
  out += "\":";
  out += std::to_string(value);
  out += ',';
}

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

}  // namespace

std::string encodeClaims(const AccessTokenClaims& c) {
  std::string out;
  out.reserve(256 + c.iss.size() + c.aud.size() + c.scope.size());
  out += '{';
  member(out, "iss", c.iss);
  member(out, "sub", c.sub);
  member(out, "aud", c.aud);
  member(out, "exp", c.exp);
  member(out, "iat", c.iat);
  member(out, "jti", c.jti);
  member(out, "client_id", c.client_id);
  if (!c.scope.empty()) member(out, "scope", c.scope);
  member(out, "tid", c.tid);
  out.back() = '}';
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
  return c;
}

core::Result<IssuedToken> AccessTokenIssuer::issue(const TenantSnapshot& tenant, const ClientEntry& client,
                                                   std::string scope, std::string_view subject) {
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
                           tenant.tenant.id.str()};
  SIGID_TRY(std::string jwt, keys_.sign(tenant.tenant, client.signing_alg, kAccessTokenTyp, encodeClaims(claims)));
  IssuedToken issued{std::move(jwt), client.access_token_ttl, claims.scope, std::move(claims)};
  return issued;
}

}  // namespace sigid::oauth
