#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "oauth/tenant_directory.hpp"

namespace sigid::oauth {

enum class ClientAuthMethod { ClientSecretBasic, ClientSecretPost };

// Credentials as presented, already decoded from their transport (RFC 6749 §2.3.1).
struct ClientCredentials {
  ClientAuthMethod method = ClientAuthMethod::ClientSecretBasic;
  std::string client_id;
  std::string client_secret;
};

// Why an authentication failed, for metrics and the audit trail. Never shown
// to the client: every reason is the same invalid_client on the wire, so the
// response does not tell an attacker which client ids exist.
enum class ClientAuthFailure { UnknownClient, WrongSecret, NoCredentials, PublicClient };
std::string_view toString(ClientAuthFailure reason);

struct ClientAuthOutcome {
  const ClientEntry* client = nullptr;  // set on success; points into the snapshot
  ClientAuthFailure failure = ClientAuthFailure::UnknownClient;
};

// Checks a client secret against the snapshot. The presented secret is hashed
// and compared with the stored SHA-256 in constant time; a secret replaced
// within its grace period (ApplicationService::regenerateSecret) still matches
// until `previous_secret_expires_at`.
ClientAuthOutcome authenticateClient(const TenantSnapshot& tenant, const ClientCredentials& credentials,
                                     std::int64_t now);

// The error every failed client authentication gets (RFC 6749 §5.2: 401 with
// WWW-Authenticate, added by http/ for every InvalidClient).
core::Error invalidClient();

}  // namespace sigid::oauth
