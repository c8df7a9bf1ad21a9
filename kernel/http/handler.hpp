#pragma once

#include <functional>

#include "core/result.hpp"
#include "http/request.hpp"

namespace sigid::http {

// A handler returns a response or an Error; the server renders every Error the
// same way (http/error_response.hpp), so handlers never format errors themselves.
using Handler = std::function<core::Result<Response>(Request&)>;

}  // namespace sigid::http
