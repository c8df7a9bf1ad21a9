#pragma once

#include "sigid/sdk/abi.hpp"
#include "sigid/sdk/manifest.hpp"
#include "sigid/sdk/registrar.hpp"

namespace sigid::sdk {

using RegisterFunction = Result<void> (*)(Registrar&);

// What the exported entry symbol points at.
struct PluginEntry {
  int abi_version;  // SIGID_SDK_ABI_VERSION of the SDK the plugin was built with
  const Manifest* manifest;
  RegisterFunction register_factories;  // already behind barrier()
};

}  // namespace sigid::sdk

// Exports the plugin's manifest and registration function. Use once per
// plugin, at global scope, after both are declared:
//
//   constexpr sigid::sdk::Manifest kManifest{.id = "org.example.x", .version = "1.0.0", ...};
//   sigid::sdk::Result<void> registerFactories(sigid::sdk::Registrar& r) { return r.add(...); }
//   SIGID_PLUGIN(kManifest, registerFactories)
//
// The symbol has the layout BOOST_DLL_ALIAS produces (an unmangled pointer in the
// "boostdll" section), written out here so plugins need no Boost headers.
// Internal linkage throughout: an inline or extern definition would be an
// STB_GNU_UNIQUE or interposable symbol, which the dynamic linker binds across
// RTLD_LOCAL libraries, so two plugins could end up sharing one entry.
#define SIGID_PLUGIN(manifest_object, register_function)                                              \
  namespace {                                                                                         \
  ::sigid::sdk::Result<void> sigidGuardedRegister(::sigid::sdk::Registrar& registrar) {              \
    return ::sigid::sdk::barrier([&]() -> ::sigid::sdk::Result<void> { return register_function(registrar); }); \
  }                                                                                                   \
  const ::sigid::sdk::PluginEntry kSigidPluginEntry{SIGID_SDK_ABI_VERSION, &(manifest_object), &sigidGuardedRegister}; \
  }                                                                                                   \
  extern "C" __attribute__((visibility("default"))) const void* SIGID_SDK_ENTRY_SYMBOL;              \
  extern "C" {                                                                                        \
  __attribute__((visibility("default"), section("boostdll"), weak)) const void* SIGID_SDK_ENTRY_SYMBOL = \
      &kSigidPluginEntry;                                                                             \
  }
