#include "hosted/page_renderer.hpp"

#include <stdexcept>

namespace sigid::hosted {

PageRenderer::PageRenderer() {
  auto parse = [](std::string_view name, std::string_view text) {
    auto t = std::make_shared<kainjow::mustache::mustache>(std::string(text));
    if (!t->is_valid()) throw std::logic_error("hosted template " + std::string(name) + ": " + t->error_message());
    return t;
  };
  layout_ = parse("layout", layoutTemplate());
  for (const auto& [name, text] : pageTemplates()) bodies_.emplace(std::string(name), parse(name, text));
}

std::string PageRenderer::render(std::string_view page, const PageBranding& branding, const std::string& title,
                                 const PageData& data) const {
  auto body = bodies_.find(page);
  if (body == bodies_.end()) throw std::logic_error("no hosted template " + std::string(page));
  PageData filled = data;
  filled.set("slug", branding.slug);
  filled.set("brand_name", branding.display_name);
  std::string html_body = body->second->render(filled);

  PageData frame;
  frame.set("title", title);
  frame.set("body", html_body);
  frame.set("slug", branding.slug);
  frame.set("brand_name", branding.display_name);
  frame.set("stylesheet", std::string(kStylesheetPath));
  frame.set("has_tenant", !branding.slug.empty());
  if (!branding.logo_url.empty()) frame.set("logo_url", branding.logo_url);
  if (!branding.privacy_url.empty()) frame.set("privacy_url", branding.privacy_url);
  if (!branding.terms_url.empty()) frame.set("terms_url", branding.terms_url);
  if (!branding.support_email.empty()) frame.set("support_email", branding.support_email);
  if (!branding.support_url.empty()) frame.set("support_url", branding.support_url);
  return layout_->render(frame);
}

}  // namespace sigid::hosted
