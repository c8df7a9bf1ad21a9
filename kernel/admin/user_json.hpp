#pragma once

#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "admin/user_routes.hpp"
#include "tenancy/invitation_service.hpp"
#include "tenancy/user.hpp"

namespace sigid::admin {

Poco::JSON::Object::Ptr memberToJson(const tenancy::Member& member);
Poco::JSON::Object::Ptr sessionToJson(const SessionSummary& session);
Poco::JSON::Object::Ptr invitationToJson(const tenancy::Invitation& invitation);
// An invitation after a send attempt: adds {"delivery": {"sent", "error"}}.
Poco::JSON::Object::Ptr sentInvitationToJson(const tenancy::SentInvitation& sent);

// A JSON array of strings member; nullopt when absent, 400 for anything else.
core::Result<std::optional<std::vector<std::string>>> stringArray(const Poco::JSON::Object& object,
                                                                  const std::string& key);

}  // namespace sigid::admin
