#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

#include "hosted/branding.hpp"

namespace sigid::hosted {

using PageData = kainjow::mustache::data;

// Renders hosted pages from logic-less templates (page_templates.cpp): a body
// template per page inside one layout that carries the branding. Mustache's
// {{value}} escapes & < > " ' for HTML, and templates only ever use that form
// for data; the one triple-brace ({{{body}}}) is our own rendered body.
// There is no <script> and no inline style anywhere: the CSP forbids both.
class PageRenderer {
 public:
  // Parses every template once; a broken template is a bug and throws at start-up.
  PageRenderer();

  // `page` names a body template (login, consent, logout, signed_out, error,
  // invitation, forgot, reset, account, code, mfa_required, mfa, mfa_enrol); `data` fills it.
  std::string render(std::string_view page, const PageBranding& branding, const std::string& title,
                     const PageData& data) const;

 private:
  std::map<std::string, std::shared_ptr<kainjow::mustache::mustache>, std::less<>> bodies_;
  std::shared_ptr<kainjow::mustache::mustache> layout_;
};

// The body templates and layout by name (for the renderer and its tests).
const std::map<std::string_view, std::string_view>& pageTemplates();
std::string_view layoutTemplate();

}  // namespace sigid::hosted
