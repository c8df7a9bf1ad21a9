#pragma once

#include <string>

#include "hosted/hosted_page.hpp"

namespace sigid::hosted {

// The sign-in page: one form per enabled first-factor method (second factors
// are asked for on the code page only), with an error or notice above them.
core::Result<http::Response> loginPage(HostedContext& ctx, PageVisit& visit, int status, const std::string& return_to,
                                       const std::string& error, const std::string& notice, const std::string& email);

}  // namespace sigid::hosted
