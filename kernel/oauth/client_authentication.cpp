#include "oauth/client_authentication.hpp"

#include "core/hashing.hpp"

namespace sigid::oauth {

std::string_view toString(ClientAuthFailure reason) {
  switch (reason) {
    case ClientAuthFailure::UnknownClient: return "unknown_client";
    case ClientAuthFailure::WrongSecret: return "wrong_secret";
    case ClientAuthFailure::NoCredentials: return "no_credentials";
    case ClientAuthFailure::PublicClient: return "public_client";
  }
  return "unknown_client";
}

core::Error invalidClient() { return {core::ErrorCode::InvalidClient, "client authentication failed"}; }

ClientAuthOutcome authenticateClient(const TenantSnapshot& tenant, const ClientCredentials& credentials,
                                     std::int64_t now) {
  const ClientEntry* client = tenant.client(credentials.client_id);
  // Hash even for an unknown client, so timing does not tell which ids exist.
  const std::string presented = core::sha256(credentials.client_secret);
  if (client == nullptr) return {nullptr, ClientAuthFailure::UnknownClient};
  if (!client->confidential || client->secret_sha256.empty()) return {nullptr, ClientAuthFailure::PublicClient};
  bool match = core::constantTimeEquals(presented, client->secret_sha256);
  if (!client->previous_secret_sha256.empty() && now < client->previous_secret_expires_at)
    match = core::constantTimeEquals(presented, client->previous_secret_sha256) || match;
  if (!match) return {nullptr, ClientAuthFailure::WrongSecret};
  return {client, ClientAuthFailure::UnknownClient};
}

}  // namespace sigid::oauth
