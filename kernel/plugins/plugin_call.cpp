#include "plugins/plugin_call.hpp"

namespace sigid::plugins {

core::Error toCoreError(std::string_view plugin_id, const sdk::Error& error) {
  const std::string prefix = "plugin " + std::string(plugin_id) + ": ";
  switch (error.code()) {
    case sdk::ErrorCode::InvalidRequest:
    case sdk::ErrorCode::InvalidConfig:
      return core::Error::invalidRequest(prefix + error.message());
    case sdk::ErrorCode::AccessDenied:
      return core::Error(core::ErrorCode::AccessDenied, prefix + error.message());
    case sdk::ErrorCode::NotFound:
      return core::Error::notFound(prefix + error.message());
    case sdk::ErrorCode::Unavailable:
      return core::Error(core::ErrorCode::Unavailable, prefix + error.message());
    case sdk::ErrorCode::Unsupported:
      return core::Error::invalidRequest(prefix + "the operation is not supported");
    case sdk::ErrorCode::Internal:
      break;
  }
  return core::Error::internal(prefix + error.message());
}

}  // namespace sigid::plugins
