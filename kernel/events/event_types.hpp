#pragma once

#include <array>
#include <string_view>

namespace sigid::events {

// The catalogue of event types (docs/audit.md lists the same, and a test keeps
// them equal). Names are `<object>.<past-tense verb>`; a subscriber filters with
// exact names or a prefix wildcard ("user.*"). Features record their events with
// these constants through TenantService::audit or EventRecorder; plugins' own
// events arrive as "plugin.<plugin id>.<type>".
namespace types {
// tenants and settings
inline constexpr std::string_view kTenantProvisioned = "tenant.provisioned";
inline constexpr std::string_view kTenantUpdated = "tenant.updated";
inline constexpr std::string_view kTenantSettingsUpdated = "tenant.settings_updated";
inline constexpr std::string_view kTenantSuspended = "tenant.suspended";
inline constexpr std::string_view kTenantReactivated = "tenant.reactivated";
inline constexpr std::string_view kSystemBootstrapped = "system.bootstrapped";
// applications (OAuth clients) and their secrets
inline constexpr std::string_view kApplicationCreated = "application.created";
inline constexpr std::string_view kApplicationUpdated = "application.updated";
inline constexpr std::string_view kApplicationDeleted = "application.deleted";
inline constexpr std::string_view kApplicationSecretRotated = "application.secret_rotated";
inline constexpr std::string_view kClientAuthenticationFailed = "client.authentication_failed";
// tenant API keys
inline constexpr std::string_view kApiKeyCreated = "api_key.created";
inline constexpr std::string_view kApiKeyDeleted = "api_key.deleted";
// users, memberships, sessions, sign-in
inline constexpr std::string_view kUserCreated = "user.created";
inline constexpr std::string_view kUserUpdated = "user.updated";
inline constexpr std::string_view kUserSuspended = "user.suspended";
inline constexpr std::string_view kUserReactivated = "user.reactivated";
inline constexpr std::string_view kUserDeleted = "user.deleted";
inline constexpr std::string_view kUserSignedIn = "user.signed_in";
inline constexpr std::string_view kUserSignInFailed = "user.sign_in_failed";
inline constexpr std::string_view kUserMfaEnrolled = "user.mfa_enrolled";
inline constexpr std::string_view kUserMfaRemoved = "user.mfa_removed";
inline constexpr std::string_view kMembershipAdded = "membership.added";
inline constexpr std::string_view kMembershipChanged = "membership.changed";
inline constexpr std::string_view kMembershipRemoved = "membership.removed";
inline constexpr std::string_view kSessionRevoked = "session.revoked";
// tokens
inline constexpr std::string_view kRefreshTokenReused = "refresh_token.reuse_detected";
inline constexpr std::string_view kTokenRevoked = "token.revoked";
// signing keys
inline constexpr std::string_view kSigningKeyRotated = "signing_key.rotated";
// policies
inline constexpr std::string_view kPolicyVersionCreated = "policy.version_created";
inline constexpr std::string_view kPolicyVersionActivated = "policy.version_activated";
// plugins
inline constexpr std::string_view kPluginInstanceCreated = "plugin_instance.created";
inline constexpr std::string_view kPluginInstanceConfigured = "plugin_instance.configured";
inline constexpr std::string_view kPluginInstanceEnabled = "plugin_instance.enabled";
inline constexpr std::string_view kPluginInstanceDisabled = "plugin_instance.disabled";
inline constexpr std::string_view kPluginInstanceRemoved = "plugin_instance.removed";
// webhooks and the audit log itself
inline constexpr std::string_view kWebhookCreated = "webhook.subscription_created";
inline constexpr std::string_view kWebhookUpdated = "webhook.subscription_updated";
inline constexpr std::string_view kWebhookDeleted = "webhook.subscription_deleted";
inline constexpr std::string_view kWebhookSecretRotated = "webhook.secret_rotated";
inline constexpr std::string_view kWebhookDisabled = "webhook.subscription_disabled";
inline constexpr std::string_view kWebhookDeadLettered = "webhook.delivery_dead_lettered";
inline constexpr std::string_view kWebhookReplayed = "webhook.delivery_replayed";
inline constexpr std::string_view kAuditPruned = "audit.pruned";
}  // namespace types

struct EventTypeInfo {
  std::string_view type;
  std::string_view target;  // the target_type the event names
};

inline constexpr std::array<EventTypeInfo, 45> kEventCatalogue{{
    {types::kTenantProvisioned, "tenant"},
    {types::kTenantUpdated, "tenant"},
    {types::kTenantSettingsUpdated, "tenant"},
    {types::kTenantSuspended, "tenant"},
    {types::kTenantReactivated, "tenant"},
    {types::kSystemBootstrapped, "system_credential"},
    {types::kApplicationCreated, "application"},
    {types::kApplicationUpdated, "application"},
    {types::kApplicationDeleted, "application"},
    {types::kApplicationSecretRotated, "application"},
    {types::kClientAuthenticationFailed, "application"},
    {types::kApiKeyCreated, "api_key"},
    {types::kApiKeyDeleted, "api_key"},
    {types::kUserCreated, "user"},
    {types::kUserUpdated, "user"},
    {types::kUserSuspended, "user"},
    {types::kUserReactivated, "user"},
    {types::kUserDeleted, "user"},
    {types::kUserSignedIn, "user"},
    {types::kUserSignInFailed, "user"},
    {types::kUserMfaEnrolled, "user"},
    {types::kUserMfaRemoved, "user"},
    {types::kMembershipAdded, "membership"},
    {types::kMembershipChanged, "membership"},
    {types::kMembershipRemoved, "membership"},
    {types::kSessionRevoked, "session"},
    {types::kRefreshTokenReused, "token_family"},
    {types::kTokenRevoked, "token"},
    {types::kSigningKeyRotated, "signing_key"},
    {types::kPolicyVersionCreated, "policy"},
    {types::kPolicyVersionActivated, "policy"},
    {types::kPluginInstanceCreated, "plugin_instance"},
    {types::kPluginInstanceConfigured, "plugin_instance"},
    {types::kPluginInstanceEnabled, "plugin_instance"},
    {types::kPluginInstanceDisabled, "plugin_instance"},
    {types::kPluginInstanceRemoved, "plugin_instance"},
    {types::kWebhookCreated, "webhook_subscription"},
    {types::kWebhookUpdated, "webhook_subscription"},
    {types::kWebhookDeleted, "webhook_subscription"},
    {types::kWebhookSecretRotated, "webhook_subscription"},
    {types::kWebhookDisabled, "webhook_subscription"},
    {types::kWebhookDeadLettered, "webhook_subscription"},
    {types::kWebhookReplayed, "webhook_subscription"},
    {types::kAuditPruned, "tenant"},
    {"plugin.*", "(plugin-defined)"},
}};

// Lowercase [a-z0-9_] words joined by dots, 3 to 100 characters: what the
// audit log accepts as a type and what a filter may name (plus "*" and "x.*").
bool isValidEventType(std::string_view type);
bool isValidEventTypePattern(std::string_view pattern);

}  // namespace sigid::events
