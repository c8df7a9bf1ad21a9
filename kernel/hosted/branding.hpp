#pragma once

#include <string>
#include <string_view>

#include "tenancy/tenant.hpp"

namespace sigid::hosted {

// A tenant's look, ready for templates. Tenants brand, never script: every
// value is rendered HTML-escaped, URLs are https (checked when settings are
// saved and again here), and colours reach CSS only as #rgb/#rrggbb.
struct PageBranding {
  std::string slug;
  std::string display_name;
  std::string logo_url;
  std::string privacy_url;
  std::string terms_url;
  std::string support_email;
  std::string support_url;
};

PageBranding brandingFor(const tenancy::Tenant& tenant);
// The fallback for pages shown when no tenant could be resolved.
PageBranding platformBranding();

// The stylesheet for /t/{slug}/branding.css: custom properties the static
// stylesheet uses. A colour that is not a strict hex colour becomes the default.
std::string brandingCss(const tenancy::Tenant& tenant);
bool isHexColour(std::string_view text);
bool isHttpsUrl(std::string_view text);

// The kernel's static stylesheet, served at kStylesheetPath.
inline constexpr std::string_view kStylesheetPath = "/hosted/sigid.css";
std::string_view stylesheet();

}  // namespace sigid::hosted
