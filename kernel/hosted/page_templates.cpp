// The hosted pages' markup. Logic-less on purpose: tenants style pages through
// branding settings, never through templates, so nothing here executes.
#include "hosted/page_renderer.hpp"

namespace sigid::hosted {

std::string_view layoutTemplate() {
  return R"html(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{title}} · {{brand_name}}</title>
<link rel="stylesheet" href="{{stylesheet}}">
{{#has_tenant}}<link rel="stylesheet" href="/t/{{slug}}/branding.css">{{/has_tenant}}
</head>
<body>
<main>
{{#logo_url}}<img class="logo" src="{{logo_url}}" alt="{{brand_name}}">{{/logo_url}}
{{^logo_url}}<p class="brand">{{brand_name}}</p>{{/logo_url}}
{{{body}}}
</main>
<footer>
{{#privacy_url}}<a href="{{privacy_url}}" rel="noopener noreferrer">Privacy</a>{{/privacy_url}}
{{#terms_url}}<a href="{{terms_url}}" rel="noopener noreferrer">Terms</a>{{/terms_url}}
{{#support_url}}<a href="{{support_url}}" rel="noopener noreferrer">Help</a>{{/support_url}}
{{#support_email}}<a href="mailto:{{support_email}}">{{support_email}}</a>{{/support_email}}
</footer>
</body>
</html>
)html";
}

namespace {

constexpr std::string_view kLogin = R"html(<h1>Sign in</h1>
{{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
{{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
{{#methods}}
<form method="post" action="/t/{{slug}}/login" class="method">
<input type="hidden" name="csrf_token" value="{{csrf}}">
<input type="hidden" name="method" value="{{plugin_id}}">
<input type="hidden" name="return_to" value="{{return_to}}">
{{#fields}}<label>{{label}}<input name="{{name}}" type="{{type}}" autocomplete="{{autocomplete}}" value="{{value}}" required></label>
{{/fields}}
<button type="submit">{{button}}</button>
</form>
{{/methods}}
{{^methods}}<p class="error">No sign-in method is enabled for {{brand_name}} yet. Contact its administrators.</p>{{/methods}}
{{#password_reset}}<p class="links"><a href="/t/{{slug}}/password/forgot">Forgot your password?</a></p>{{/password_reset}}
)html";

constexpr std::string_view kConsent = R"html(<h1>{{client_name}} wants access</h1>
<p>Signed in as {{email}}. Allow {{client_name}} to:</p>
<ul class="scopes">
{{#scopes}}<li>{{description}}</li>
{{/scopes}}
</ul>
<form method="post" action="/t/{{slug}}/consent">
<input type="hidden" name="csrf_token" value="{{csrf}}">
<input type="hidden" name="request" value="{{request}}">
<div class="actions">
<button type="submit" name="decision" value="deny" class="secondary">Deny</button>
<button type="submit" name="decision" value="allow">Allow</button>
</div>
</form>
<p class="links">You can take this back at any time from your account.</p>
)html";

constexpr std::string_view kLogout = R"html(<h1>Sign out</h1>
<p>Sign out of {{brand_name}} on this device?</p>
<form method="post" action="/t/{{slug}}/logout">
<input type="hidden" name="csrf_token" value="{{csrf}}">
{{#params}}<input type="hidden" name="{{name}}" value="{{value}}">
{{/params}}
<button type="submit">Sign out</button>
</form>
)html";

constexpr std::string_view kSignedOut = R"html(<h1>Signed out</h1>
<p class="notice" role="status">You have signed out of {{brand_name}}.</p>
<p class="links"><a href="/t/{{slug}}/login">Sign in again</a></p>
)html";

constexpr std::string_view kError = R"html(<h1>{{heading}}</h1>
<p class="error" role="alert">{{message}}</p>
{{#support}}<p>If this keeps happening, contact the support team below.</p>{{/support}}
)html";

constexpr std::string_view kInvitation = R"html(<h1>Join {{brand_name}}</h1>
<p>You were invited as <strong>{{email}}</strong>.</p>
{{#message}}<p class="message">{{message}}</p>{{/message}}
{{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
<form method="post" action="/t/{{slug}}/invitations/accept">
<input type="hidden" name="csrf_token" value="{{csrf}}">
<input type="hidden" name="token" value="{{token}}">
<label>Your name<input name="name" type="text" autocomplete="name" value="{{name}}"></label>
{{#password}}<label>Choose a password<input name="password" type="password" autocomplete="new-password" required></label>{{/password}}
<button type="submit">Accept invitation</button>
</form>
)html";

constexpr std::string_view kForgot = R"html(<h1>Reset your password</h1>
{{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
{{^notice}}<p>Enter your e-mail address and we will send you a link to choose a new password.</p>
<form method="post" action="/t/{{slug}}/password/forgot">
<input type="hidden" name="csrf_token" value="{{csrf}}">
<label>E-mail address<input name="email" type="email" autocomplete="username" required></label>
<button type="submit">Send reset link</button>
</form>{{/notice}}
<p class="links"><a href="/t/{{slug}}/login">Back to sign in</a></p>
)html";

constexpr std::string_view kReset = R"html(<h1>Choose a new password</h1>
{{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
<form method="post" action="/t/{{slug}}/password/reset">
<input type="hidden" name="csrf_token" value="{{csrf}}">
<input type="hidden" name="token" value="{{token}}">
<label>New password<input name="password" type="password" autocomplete="new-password" required></label>
<button type="submit">Save password</button>
</form>
)html";

constexpr std::string_view kAccount = R"html(<h1>Your sessions</h1>
<p>Signed in to {{brand_name}} as {{email}}.</p>
{{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
<table>
<thead><tr><th>Device</th><th>Last active</th><th></th></tr></thead>
<tbody>
{{#sessions}}<tr>
<td>{{user_agent}}<br><small>{{ip}}{{#current}} · this device{{/current}}</small></td>
<td>{{last_seen}}</td>
<td><form method="post" action="/t/{{slug}}/account/sessions/{{id}}/revoke">
<input type="hidden" name="csrf_token" value="{{csrf}}">
<button type="submit" class="secondary">Sign out</button>
</form></td>
</tr>
{{/sessions}}
</tbody>
</table>
<p class="links"><a href="/t/{{slug}}/account/mfa">Two-step sign-in</a> · <a href="/t/{{slug}}/logout">Sign out of this device</a></p>
)html";

constexpr std::string_view kCode = R"html(<h1>Two-step sign-in</h1>
{{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
<p>{{prompt}}</p>
<form method="post" action="/t/{{slug}}/login/code">
<input type="hidden" name="csrf_token" value="{{csrf}}">
<input type="hidden" name="step" value="{{step}}">
<label>{{method_name}} code<input name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6,8}" maxlength="8" required autofocus></label>
<button type="submit">Verify</button>
</form>
<p class="links"><a href="{{restart}}">Start again</a></p>
)html";

constexpr std::string_view kMfaRequired = R"html(<h1>Two-step sign-in needed</h1>
<p class="error" role="alert">{{message}}</p>
<p>If you can sign in to your account without it, set up an authenticator app under <a href="/t/{{slug}}/account/mfa">Two-step sign-in</a>, then try again. Otherwise, ask the administrators of {{brand_name}}.</p>
)html";

constexpr std::string_view kMfa = R"html(<h1>Two-step sign-in</h1>
<p>Signed in to {{brand_name}} as {{email}}.</p>
{{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
{{#methods}}
<form method="post" action="/t/{{slug}}/account/mfa/{{#set_up}}remove{{/set_up}}{{^set_up}}enrol{{/set_up}}" class="method">
<input type="hidden" name="csrf_token" value="{{csrf}}">
<input type="hidden" name="method" value="{{plugin_id}}">
<p><strong>{{name}}</strong>: {{#set_up}}on{{/set_up}}{{^set_up}}not set up{{/set_up}}</p>
{{#set_up}}<button type="submit" class="secondary">Remove</button>{{/set_up}}
{{^set_up}}<button type="submit">Set up</button>{{/set_up}}
</form>
{{/methods}}
{{^methods}}<p>{{brand_name}} does not offer a second sign-in step yet.</p>{{/methods}}
<p class="links"><a href="/t/{{slug}}/account">Back to your account</a></p>
)html";

constexpr std::string_view kMfaEnrol = R"html(<h1>Set up {{name}}</h1>
{{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
{{#secret}}<p>Add this account to your authenticator app with the set-up key below (or open the link on the device that has the app). It is shown only now.</p>
<p>Set-up key: <code class="secret">{{secret}}</code></p>
{{#uri}}<p><a href="{{uri}}">Open in authenticator app</a></p>
<p><small>Set-up link: <code>{{uri}}</code></small></p>{{/uri}}{{/secret}}
<form method="post" action="/t/{{slug}}/account/mfa/confirm">
<input type="hidden" name="csrf_token" value="{{csrf}}">
<input type="hidden" name="method" value="{{plugin_id}}">
<label>Code from the app<input name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6,8}" maxlength="8" required></label>
<button type="submit">Turn on</button>
</form>
<p class="links"><a href="/t/{{slug}}/account/mfa">Cancel</a></p>
)html";

}  // namespace

const std::map<std::string_view, std::string_view>& pageTemplates() {
  static const std::map<std::string_view, std::string_view> kPages{
      {"login", kLogin},           {"consent", kConsent},   {"logout", kLogout}, {"signed_out", kSignedOut},
      {"error", kError},           {"invitation", kInvitation}, {"forgot", kForgot}, {"reset", kReset},
      {"account", kAccount},       {"code", kCode},         {"mfa_required", kMfaRequired},
      {"mfa", kMfa},               {"mfa_enrol", kMfaEnrol}};
  return kPages;
}

}  // namespace sigid::hosted
