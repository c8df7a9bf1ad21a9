#pragma once

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace sigid::tenancy {

// Creates the system tenant and its one-time bootstrap credential on first
// start. Returns the credential when it was just created (the only time it is
// ever seen: only its SHA-256 is stored), nothing when the platform was already
// bootstrapped. Safe when two processes start at once: the loser sees a
// conflict and reports "already bootstrapped".
core::Result<std::optional<std::string>> bootstrapSystemTenant(store::Database& db, const core::Clock& clock);

// The prefix lets secret scanners recognise a leaked credential.
inline constexpr std::string_view kSystemCredentialPrefix = "sigid_sys_";

}  // namespace sigid::tenancy
