#include "hosted/branding.hpp"

#include <cctype>

namespace sigid::hosted {

bool isHexColour(std::string_view text) {
  if ((text.size() != 4 && text.size() != 7) || text.front() != '#') return false;
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (!std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

bool isHttpsUrl(std::string_view text) {
  if (!text.starts_with("https://") || text.size() > 2048) return false;
  for (unsigned char c : text) {
    if (c <= ' ' || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '\'') return false;
  }
  return true;
}

namespace {
std::string httpsOrEmpty(const std::string& url) { return isHttpsUrl(url) ? url : std::string(); }
}  // namespace

PageBranding brandingFor(const tenancy::Tenant& tenant) {
  const auto& b = tenant.settings.branding;
  const auto& s = tenant.settings.support_contact;
  return PageBranding{tenant.slug,
                      b.display_name.empty() ? tenant.name : b.display_name,
                      httpsOrEmpty(b.logo_url),
                      httpsOrEmpty(b.privacy_url),
                      httpsOrEmpty(b.terms_url),
                      s.email,
                      httpsOrEmpty(s.url)};
}

PageBranding platformBranding() { return PageBranding{"", "SigID", "", "", "", "", ""}; }

std::string brandingCss(const tenancy::Tenant& tenant) {
  const auto& b = tenant.settings.branding;
  const std::string primary = isHexColour(b.primary_color) ? b.primary_color : "#1f4fd1";
  const std::string background = isHexColour(b.background_color) ? b.background_color : "#ffffff";
  return ":root {\n  --brand-primary: " + primary + ";\n  --brand-background: " + background + ";\n}\n";
}

std::string_view stylesheet() {
  return R"css(:root { --brand-primary: #1f4fd1; --brand-background: #ffffff; }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; align-items: center;
  justify-content: center; background: var(--brand-background); color: #1c1e21;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { width: 100%; max-width: 26rem; margin: 2rem 1rem; padding: 2rem; background: #fff;
  border: 1px solid #d8dce3; border-radius: 12px; box-shadow: 0 4px 16px rgba(0, 0, 0, 0.06); }
.logo { display: block; max-width: 10rem; max-height: 4rem; margin: 0 auto 1rem; }
.brand { text-align: center; font-weight: 600; color: #5b6270; margin: 0 0 0.5rem; }
h1 { font-size: 1.4rem; margin: 0 0 1rem; text-align: center; }
p { margin: 0 0 1rem; }
form { margin: 0 0 1rem; }
label { display: block; margin: 0 0 0.75rem; font-weight: 500; }
input[type=text], input[type=email], input[type=password] { display: block; width: 100%; margin-top: 0.25rem;
  padding: 0.6rem 0.7rem; font: inherit; border: 1px solid #b9bfca; border-radius: 8px; }
input:focus { outline: 2px solid var(--brand-primary); outline-offset: 1px; }
button { width: 100%; padding: 0.7rem; font: inherit; font-weight: 600; color: #fff; cursor: pointer;
  background: var(--brand-primary); border: 0; border-radius: 8px; }
button.secondary { background: #fff; color: #1c1e21; border: 1px solid #b9bfca; }
.actions { display: flex; gap: 0.75rem; }
.error { padding: 0.6rem 0.8rem; color: #8a1c1c; background: #fdecec; border-radius: 8px; }
.notice { padding: 0.6rem 0.8rem; color: #14532d; background: #e8f7ee; border-radius: 8px; }
.message { padding: 0.6rem 0.8rem; background: #f4f5f7; border-radius: 8px; white-space: pre-wrap; }
ul.scopes { padding-left: 1.2rem; }
table { width: 100%; border-collapse: collapse; font-size: 0.9rem; margin-bottom: 1rem; }
td, th { text-align: left; padding: 0.4rem 0.3rem; border-bottom: 1px solid #e4e6eb; vertical-align: top; }
td form { margin: 0; }
td button { padding: 0.3rem 0.6rem; width: auto; font-size: 0.85rem; }
.divider { text-align: center; color: #5b6270; margin: 1rem 0; }
.links { text-align: center; font-size: 0.9rem; }
code { overflow-wrap: anywhere; }
code.secret { font-size: 1.05rem; letter-spacing: 0.05em; }
a { color: var(--brand-primary); }
footer { font-size: 0.85rem; color: #5b6270; text-align: center; margin-bottom: 2rem; }
footer a { margin: 0 0.5rem; color: #5b6270; }
)css";
}

}  // namespace sigid::hosted
