#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace sigid::tenancy {

// Expired is not stored: a pending invitation past expires_at reads as expired.
enum class InvitationStatus { Pending, Accepted, Revoked, Expired };

std::string_view toString(InvitationStatus status);
std::optional<InvitationStatus> invitationStatusFrom(std::string_view text);

struct Invitation {
  std::string id;
  std::string email;
  std::vector<std::string> roles;
  std::string message;
  InvitationStatus status = InvitationStatus::Pending;
  std::string invited_by;
  std::int64_t expires_at = 0;
  std::int64_t send_count = 0;
  std::optional<std::int64_t> last_sent_at;
  std::optional<std::int64_t> accepted_at;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct NewInvitation {
  std::string email;
  std::vector<std::string> roles;
  std::string message;  // shown to the invitee as plain text; at most 2000 characters
};

}  // namespace sigid::tenancy
