#pragma once

#include <atomic>
#include <exception>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/result.hpp"
#include "sigid/sdk/result.hpp"

namespace sigid::plugins {

// Counts plugin calls that failed because the plugin threw or misbehaved; the
// metrics endpoint can report it and tests read it.
class PluginFaults {
 public:
  void record() { count_.fetch_add(1, std::memory_order_relaxed); }
  std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> count_{0};
};

// A plugin's error in the kernel's terms. The plugin's message is shown to the
// tenant admin who configured it for the errors they can act on; for Internal
// only the detail (logs) carries it, since it may describe the plugin's insides.
core::Error toCoreError(std::string_view plugin_id, const sdk::Error& error);

namespace detail {
template <class T>
struct CoreResultOf {
  using type = core::Result<T>;
};
template <class T>
struct CoreResultOf<sdk::Result<T>> {
  using type = core::Result<T>;
};
}  // namespace detail

// The kernel's backstop around every call into plugin code. The SDK's barrier
// already catches inside the plugin; this catches whatever escapes anyway (a
// plugin built without the Registrar wrappers, an exception type thrown while
// building an Error), so one request fails with server_error and the process lives.
template <class F>
auto pluginCall(std::string_view plugin_id, PluginFaults* faults, F&& f) ->
    typename detail::CoreResultOf<std::invoke_result_t<F>>::type {
  using Out = typename detail::CoreResultOf<std::invoke_result_t<F>>::type;
  std::string what;
  try {
    auto result = f();
    if (result.ok()) {
      if constexpr (std::is_same_v<std::invoke_result_t<F>, sdk::Result<void>>) {
        return Out{};
      } else {
        return Out(std::move(result).value());
      }
    }
    if (result.error().code() == sdk::ErrorCode::Internal && faults) faults->record();
    return Out(toCoreError(plugin_id, result.error()));
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "a non-standard exception";
  }
  if (faults) faults->record();
  return Out(core::Error::internal("plugin " + std::string(plugin_id) + " threw past its barrier: " + what));
}

}  // namespace sigid::plugins
