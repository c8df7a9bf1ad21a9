#pragma once

#include <string>

namespace sigid::core {

// Who asked for a change, and from where: recorded with every audit event.
struct Actor {
  std::string type;  // system_credential | api_key | user | client | system
  std::string id;
  std::string source_ip;
  std::string request_id;

  static Actor system() { return {"system", "sigid", "", ""}; }
};

}  // namespace sigid::core
