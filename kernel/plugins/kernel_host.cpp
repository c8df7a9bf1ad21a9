#include "plugins/kernel_host.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "core/ids.hpp"
#include "core/random.hpp"
#include "store/autocommit.hpp"

namespace sigid::plugins {
namespace {

// Host calls must never throw into plugin code; anything unexpected becomes an Error.
template <class F>
auto guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (...) {
    return sdk::Error(sdk::ErrorCode::Internal, "the kernel failed the call");
  }
}

sdk::Error keyProblem() {
  return sdk::Error(sdk::ErrorCode::InvalidRequest, "key/value keys are 1 to " + std::to_string(kMaxKvKeyBytes) + " bytes");
}

bool validKey(std::string_view key) { return !key.empty() && key.size() <= kMaxKvKeyBytes; }

}  // namespace

std::string hostSealPurpose(std::string_view plugin_id) { return "plugin:" + std::string(plugin_id) + ":host"; }
std::string instanceSecretPurpose(std::string_view plugin_id) { return "plugin:" + std::string(plugin_id) + ":config"; }

sdk::Error toSdkError(const core::Error& error) {
  switch (error.code()) {
    case core::ErrorCode::InvalidRequest: return sdk::Error(sdk::ErrorCode::InvalidRequest, error.description());
    case core::ErrorCode::AccessDenied: return sdk::Error(sdk::ErrorCode::AccessDenied, error.description());
    case core::ErrorCode::NotFound: return sdk::Error(sdk::ErrorCode::NotFound, error.description());
    case core::ErrorCode::Unavailable: return sdk::Error(sdk::ErrorCode::Unavailable, error.description());
    default: return sdk::Error(sdk::ErrorCode::Internal, error.description());
  }
}

void KernelHost::log(sdk::LogLevel level, std::string_view message, const std::vector<sdk::LogField>& fields) {
  try {
    // The plugin's own fields go in one "data" object: the logger takes named
    // fields at the call site only, and plugin keys must not collide with ours.
    std::string data = "{";
    for (const auto& f : fields) {
      if (data.size() > 1) data += ',';
      core::appendJsonString(data, f.key);
      data += ':';
      core::appendJsonString(data, f.value);
    }
    data += '}';
    core::LogLevel mapped = level == sdk::LogLevel::Debug     ? core::LogLevel::Debug
                            : level == sdk::LogLevel::Info    ? core::LogLevel::Info
                            : level == sdk::LogLevel::Warning ? core::LogLevel::Warning
                                                              : core::LogLevel::Error;
    services_.logger.log(mapped, message,
                         {{"plugin", plugin_id_}, {"tenant_id", tenant_.str()}, {"plugin_data", data}});
  } catch (...) {
    // Logging must never fail a plugin call.
  }
}

std::string KernelHost::randomBytes(std::size_t count) { return core::randomBytes(count); }

sdk::Result<sdk::HttpResponse> KernelHost::http(const sdk::HttpRequest& request) {
  return guarded([&]() -> sdk::Result<sdk::HttpResponse> {
    auto response = services_.http.send(request);
    if (!response) {
      log(sdk::LogLevel::Warning, "outbound request failed", {{"error", response.error().description()}});
      return toSdkError(response.error());
    }
    return std::move(response).value();
  });
}

sdk::Result<std::string> KernelHost::seal(std::string_view plaintext) {
  return guarded([&]() -> sdk::Result<std::string> {
    auto sealed = services_.sealer.seal(tenant_.id(), hostSealPurpose(plugin_id_), plaintext);
    if (!sealed) return toSdkError(sealed.error());
    return std::move(sealed).value();
  });
}

sdk::Result<std::string> KernelHost::unseal(std::string_view sealed) {
  return guarded([&]() -> sdk::Result<std::string> {
    auto plain = services_.sealer.unseal(tenant_.id(), hostSealPurpose(plugin_id_), sealed);
    if (!plain) return sdk::Error(sdk::ErrorCode::InvalidRequest, "the value does not unseal for this plugin and tenant");
    return std::move(plain).value();
  });
}

sdk::Result<std::optional<std::string>> KernelHost::kvGet(std::string_view key) {
  return guarded([&]() -> sdk::Result<std::optional<std::string>> {
    if (!validKey(key)) return keyProblem();
    store::AutoCommit c(services_.db);
    auto value = kv_.get(tenant_, c, plugin_id_, std::string(key));
    if (!value) return toSdkError(value.error());
    return std::move(value).value();
  });
}

sdk::Result<void> KernelHost::kvPut(std::string_view key, std::string_view value) {
  return guarded([&]() -> sdk::Result<void> {
    if (!validKey(key)) return keyProblem();
    if (value.size() > kMaxKvValueBytes)
      return sdk::Error(sdk::ErrorCode::InvalidRequest,
                        "key/value values are at most " + std::to_string(kMaxKvValueBytes) + " bytes");
    store::AutoCommit c(services_.db);
    auto put = kv_.put(tenant_, c, plugin_id_, std::string(key), std::string(value), services_.clock.nowSeconds());
    if (!put) return toSdkError(put.error());
    return sdk::ok();
  });
}

sdk::Result<void> KernelHost::kvDelete(std::string_view key) {
  return guarded([&]() -> sdk::Result<void> {
    if (!validKey(key)) return keyProblem();
    store::AutoCommit c(services_.db);
    auto removed = kv_.remove(tenant_, c, plugin_id_, std::string(key));
    if (!removed) return toSdkError(removed.error());
    return sdk::ok();
  });
}

sdk::Result<void> KernelHost::audit(const sdk::AuditEvent& event) {
  return guarded([&]() -> sdk::Result<void> {
    // The columns' sizes: "plugin.<id ≤ 64>.<type ≤ 28>" fits the 100 of audit_events.type.
    if (event.type.empty() || event.type.size() > 28 || event.target_type.size() > 32 || event.target_id.size() > 100)
      return sdk::Error(sdk::ErrorCode::InvalidRequest,
                        "audit events take a type of 1 to 28 characters, a target type of at most 32 and a target "
                        "id of at most 100");
    try {
      Poco::JSON::Parser parser;
      if (parser.parse(event.data_json).type() != typeid(Poco::JSON::Object::Ptr)) throw Poco::Exception("not an object");
    } catch (const Poco::Exception&) {
      return sdk::Error(sdk::ErrorCode::InvalidRequest, "audit event data must be a JSON object");
    }
    store::AuditRecord record;
    record.id = core::Uuid::v7().str();
    record.occurred_at_ms = services_.clock.nowMillis();
    // Prefixed with the plugin id: a plugin cannot forge the kernel's own event types.
    record.type = "plugin." + plugin_id_ + "." + event.type;
    record.actor_type = "plugin";
    record.actor_id = plugin_id_;
    record.target_type = event.target_type;
    record.target_id = event.target_id;
    record.outcome = event.success ? "success" : "failure";
    record.data = event.data_json;
    // In a transaction: appending links the tenant's audit chain, several statements.
    auto appended = services_.db.transaction(
        [&](store::Connection& c) { return audit_.append(tenant_, c, record); });
    if (!appended) return toSdkError(appended.error());
    return sdk::ok();
  });
}

}  // namespace sigid::plugins
