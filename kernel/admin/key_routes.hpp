#pragma once

#include "admin/admin_context.hpp"
#include "http/router.hpp"
#include "oauth/keys/key_service.hpp"

namespace sigid::admin {

struct KeyAdminContext {
  AdminContext& admin;
  oauth::KeyService& keys;
};

// POST /api/v1/tenants/{tenant}/keys/rotate: next key becomes current, the
// current one is retired but stays in JWKS for the overlap, a new next key is
// published. Callers: a system credential or an API key with admin:keys.
void addKeyRoutes(http::Router& router, KeyAdminContext& ctx);

// The audit event of a rotation, written inside the rotation's transaction.
oauth::RotationHook rotationAudit(tenancy::TenantService& tenants, const core::Actor& actor,
                                  const tenancy::Tenant& tenant, core::crypto::JwsAlgorithm alg);

}  // namespace sigid::admin
