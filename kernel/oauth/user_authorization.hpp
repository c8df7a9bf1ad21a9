#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sigid::oauth {

// What a user allowed a client, as carried by an authorization code and every
// refresh token descended from it: enough to mint the tokens again without
// the browser (OIDC Core §2: auth_time, amr and acr describe the original
// sign-in, not the refresh).
struct UserAuthorization {
  std::string client_id;
  std::string user_id;  // internal: never in a token
  std::string subject;  // the tenant-local pairwise `sub` (DESIGN.md §3)
  std::string scope;    // space-separated, as granted
  std::int64_t auth_time = 0;
  std::vector<std::string> amr;
  std::string acr;
  std::string session_id;  // the browser session it came from (empty: none)
};

// Space-separated storage of amr values (RFC 8176 names contain no spaces).
std::string joinAmr(const std::vector<std::string>& amr);
std::vector<std::string> splitAmr(const std::string& text);

}  // namespace sigid::oauth
