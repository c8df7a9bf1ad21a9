#include "hosted/page_renderer.hpp"

#include <gtest/gtest.h>

#include "hosted/branding.hpp"
#include "hosted/scope_descriptions.hpp"

namespace sigid::hosted {
namespace {

PageBranding hostile() {
  return PageBranding{"acme", "<script>alert('x')</script>", "https://cdn.example.com/l.png\" onerror=\"x",
                      "https://example.com/privacy", "", "help@example.com", ""};
}

TEST(PageRenderer, EscapesEveryTenantAndUserValue) {
  PageRenderer renderer;
  PageData data;
  data.set("heading", "<img src=x onerror=alert(1)>");
  data.set("message", "\"quoted\" & 'single'");
  auto html = renderer.render("error", hostile(), "T<i>tle", data);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("<img src=x"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&quot;quoted&quot; &amp; &apos;single&apos;"), std::string::npos);
  EXPECT_NE(html.find("onerror=&quot;x"), std::string::npos) << "an attribute cannot be broken out of";
}

TEST(PageRenderer, NoTemplateScriptsOrInlineStyles) {
  for (const auto& [name, text] : pageTemplates()) {
    EXPECT_EQ(text.find("<script"), std::string_view::npos) << name;
    EXPECT_EQ(text.find("style="), std::string_view::npos) << name;
    EXPECT_EQ(text.find("{{{"), std::string_view::npos) << name << ": data is always escaped";
  }
  EXPECT_EQ(layoutTemplate().find("<script"), std::string_view::npos);
}

TEST(PageRenderer, EveryFormCarriesACsrfToken) {
  for (const auto& [name, text] : pageTemplates()) {
    std::size_t forms = 0, tokens = 0, pos = 0;
    while ((pos = text.find("<form", pos)) != std::string_view::npos) ++forms, ++pos;
    pos = 0;
    while ((pos = text.find("name=\"csrf_token\" value=\"{{csrf}}\"", pos)) != std::string_view::npos) ++tokens, ++pos;
    EXPECT_EQ(forms, tokens) << name;
  }
}

TEST(PageRenderer, RendersEveryPage) {
  PageRenderer renderer;
  for (const auto& [name, text] : pageTemplates()) {
    auto html = renderer.render(name, hostile(), "Title", PageData{});
    EXPECT_NE(html.find("<!doctype html>"), std::string::npos) << name;
  }
}

TEST(Branding, ColoursReachCssOnlyAsHexColours) {
  tenancy::Tenant t;
  t.settings.branding.primary_color = "red;}body{display:none";
  t.settings.branding.background_color = "#abc";
  auto css = brandingCss(t);
  EXPECT_NE(css.find("--brand-primary: #1f4fd1;"), std::string::npos);
  EXPECT_NE(css.find("--brand-background: #abc;"), std::string::npos);
  EXPECT_EQ(css.find("display:none"), std::string::npos);
  EXPECT_FALSE(isHexColour("#12345"));
  EXPECT_FALSE(isHttpsUrl("javascript:alert(1)"));
  EXPECT_FALSE(isHttpsUrl("http://example.com"));
}

TEST(ScopeDescriptions, SayWhatTheApplicationMayDo) {
  EXPECT_EQ(describeScope("email"), "See your e-mail address");
  EXPECT_NE(describeScope("invoices:read").find("invoices:read"), std::string::npos);
}

}  // namespace
}  // namespace sigid::hosted
