#include "hosted/login_page.hpp"

namespace sigid::hosted {
namespace {

PageData fieldData(const std::string& name, const std::string& value) {
  PageData f;
  f.set("name", name);
  f.set("value", value);
  if (name == "email") {
    f.set("label", "E-mail address");
    f.set("type", "email");
    f.set("autocomplete", "username");
  } else if (name == "password") {
    f.set("label", "Password");
    f.set("type", "password");
    f.set("autocomplete", "current-password");
    f.set("value", "");  // never echo a password back
  } else {
    f.set("label", name);
    f.set("type", "text");
    f.set("autocomplete", "off");
  }
  return f;
}

}  // namespace

core::Result<http::Response> loginPage(HostedContext& ctx, PageVisit& visit, int status, const std::string& return_to,
                                       const std::string& error, const std::string& notice, const std::string& email) {
  SIGID_TRY(auto options, ctx.methods.enabled(visit.tenant));
  std::erase_if(options, [](const SignInOption& o) { return !isFirstFactor(o.description); });
  PageData methods{PageData::type::list};
  bool has_password = false;
  for (const auto& option : options) {
    PageData m;
    m.set("plugin_id", option.plugin_id);
    m.set("return_to", safeReturnPath(visit.tenant, return_to));
    m.set("button", "Sign in with " + option.description.display_name);
    PageData fields{PageData::type::list};
    for (const auto& name : option.description.input_fields) fields.push_back(fieldData(name, name == "email" ? email : ""));
    m.set("fields", fields);
    methods.push_back(m);
    has_password = has_password || option.description.method_id == "password";
  }
  PageData data;
  if (!options.empty()) data.set("methods", methods);
  data.set("password_reset", has_password);
  if (!error.empty()) data.set("error", error);
  if (!notice.empty()) data.set("notice", notice);
  return page(ctx, visit, status, "login", "Sign in", data);
}

}  // namespace sigid::hosted
