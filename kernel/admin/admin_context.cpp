#include "admin/admin_context.hpp"

namespace sigid::admin {

core::Result<core::Actor> authenticateSystemCaller(AdminContext& ctx, const http::Request& request) {
  auto header = request.header("authorization");
  if (!header || request.headerCount("authorization") != 1)
    return core::Error(core::ErrorCode::Unauthenticated, "a bearer credential is required");
  std::string_view value = *header;
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size()) return core::Error(core::ErrorCode::Unauthenticated, "a bearer credential is required");
  for (std::size_t i = 0; i < kScheme.size(); ++i) {  // the scheme is case-insensitive (RFC 9110 §11.1)
    if (std::tolower(static_cast<unsigned char>(value[i])) != kScheme[i])
      return core::Error(core::ErrorCode::Unauthenticated, "a bearer credential is required");
  }
  SIGID_TRY(tenancy::SystemPrincipal principal, ctx.system_auth.authenticate(value.substr(kScheme.size())));
  return core::Actor{"system_credential", principal.credential_id, request.remote_address, request.request_id};
}

}  // namespace sigid::admin
