#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <Poco/Dynamic/Var.h>

#include "core/result.hpp"
#include "plugins/config_schema.hpp"
#include "sigid/sdk/plugin_config.hpp"

namespace sigid::plugins {

// A plugin instance's config document and what the kernel does to it between
// the admin API, the database and the plugin. Poco::JSON stays in here.

// Parses a JSON object; duplicate keys are refused (parsers disagree on which wins).
core::Result<Poco::Dynamic::Var> parseConfigDocument(std::string_view json);
std::string toJson(const Poco::Dynamic::Var& document);

// What replaces a secret in every response: the caller sees it is set, not what it is.
inline constexpr std::string_view kMaskedSecret = "********";
// Prefix of a sealed value in the stored document.
inline constexpr std::string_view kSealedPrefix = "$sealed:";

using SealFunction = std::function<core::Result<std::string>(std::string_view)>;

// Replaces each writeOnly value by kSealedPrefix + seal(its JSON), in place.
core::Result<void> sealSecrets(const SchemaNode& schema, Poco::Dynamic::Var& document, const SealFunction& seal);
// Replaces each sealed value by the value it seals, in place.
core::Result<void> unsealSecrets(const SchemaNode& schema, Poco::Dynamic::Var& document, const SealFunction& unseal);
// Replaces each sealed value of a stored document by kMaskedSecret, in place.
// Needs no schema, so it also masks instances of a plugin no longer loaded.
void maskSealedValues(Poco::Dynamic::Var& document);
// Fills writeOnly values `incoming` omits from `stored` (already unsealed), so an
// admin can change other settings without re-entering every secret.
void keepStoredSecrets(const SchemaNode& schema, Poco::Dynamic::Var& incoming, const Poco::Dynamic::Var& stored);

// Every scalar of the document by JSON pointer, for sdk::PluginConfig.
sdk::PluginConfig::Values flattenConfig(const Poco::Dynamic::Var& document);

}  // namespace sigid::plugins
