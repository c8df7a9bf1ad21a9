#pragma once

// The SDK's binary contract version. Bump it on any change under
// sdk/include/sigid/sdk/ that alters a type's layout, a virtual table or a
// calling convention; tests/unit/plugins/sdk_abi_hash_test.cpp hashes these
// headers so such a change cannot land without a deliberate decision.
#define SIGID_SDK_ABI_VERSION 1

#define SIGID_SDK_CONCAT_INNER(a, b) a##b
#define SIGID_SDK_CONCAT(a, b) SIGID_SDK_CONCAT_INNER(a, b)
#define SIGID_SDK_STRINGIFY_INNER(a) #a
#define SIGID_SDK_STRINGIFY(a) SIGID_SDK_STRINGIFY_INNER(a)

// The ABI is part of the exported entry's name: a kernel looks for exactly the
// name it was built with, so a plugin of another ABI is refused by reading the
// ELF symbol table, before any of its code runs.
#define SIGID_SDK_ENTRY_SYMBOL SIGID_SDK_CONCAT(sigid_plugin_abi, SIGID_SDK_ABI_VERSION)

namespace sigid::sdk {

inline constexpr int kAbiVersion = SIGID_SDK_ABI_VERSION;
inline constexpr const char* kEntryAlias = SIGID_SDK_STRINGIFY(SIGID_SDK_ENTRY_SYMBOL);
// The ELF section the entry lives in; the same one BOOST_DLL_ALIAS uses, so the
// kernel reads it with boost::dll::library_info without plugins needing Boost.
inline constexpr const char* kEntrySection = "boostdll";

}  // namespace sigid::sdk
