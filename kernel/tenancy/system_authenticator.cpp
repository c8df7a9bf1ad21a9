#include "tenancy/system_authenticator.hpp"

#include "core/hashing.hpp"
#include "store/autocommit.hpp"
#include "store/repositories/system_credential_repository.hpp"
#include "tenancy/bootstrap.hpp"

namespace sigid::tenancy {

core::Result<SystemPrincipal> SystemAuthenticator::authenticate(std::string_view bearer_secret) {
  const core::Error refused(core::ErrorCode::Unauthenticated, "a valid system credential is required");
  if (bearer_secret.size() > 256 || !bearer_secret.starts_with(kSystemCredentialPrefix)) return refused;
  store::AutoCommit c(db_);
  SIGID_TRY(auto found, store::SystemCredentialRepository{}.findBySecretHash(c, core::sha256Hex(bearer_secret)));
  if (!found || found->revoked_at) return refused;
  return SystemPrincipal{found->id, found->name};
}

}  // namespace sigid::tenancy
