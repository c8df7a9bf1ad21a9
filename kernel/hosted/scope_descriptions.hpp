#pragma once

#include <string>
#include <string_view>

namespace sigid::hosted {

// What a scope lets an application do, in words a person can decide on
// ("Allow Acme to see your e-mail address"), not the scope's name. Standard
// OIDC scopes have built-in wording; other scopes fall back to a sentence
// naming the scope (part B passes tenant-defined descriptions when it has them).
std::string describeScope(std::string_view scope);

}  // namespace sigid::hosted
