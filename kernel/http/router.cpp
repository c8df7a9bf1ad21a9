#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace sigid::http {

namespace {

// "/" -> {""}, "/a/b" -> {"a", "b"}, "/a/" -> {"a", ""}. Expects a leading '/'.
std::vector<std::string_view> splitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  path.remove_prefix(1);
  while (true) {
    const std::size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

// Negative when `a` is less specific than `b`: the first segment where one is a
// literal and the other a parameter decides.
int compareSpecificity(const std::vector<bool>& a, const std::vector<bool>& b) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i] != b[i]) return a[i] ? 1 : -1;
  }
  return 0;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler) {
  if (method.empty() || pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route '" + method + " " + pattern + "': expected METHOD and a pattern starting with '/'");
  }
  Route route{std::move(method), std::move(pattern), {}, std::move(handler)};
  std::vector<std::string_view> names;
  for (std::string_view part : splitPath(route.pattern)) {
    Segment segment;
    if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      segment.is_param = true;
      segment.text = std::string(part.substr(1, part.size() - 2));
      if (segment.text.empty() || segment.text.find_first_of("{}/") != std::string::npos) {
        throw std::invalid_argument("route '" + route.pattern + "': bad parameter '" + std::string(part) + "'");
      }
      if (std::find(names.begin(), names.end(), segment.text) != names.end()) {
        throw std::invalid_argument("route '" + route.pattern + "': parameter '" + segment.text + "' appears twice");
      }
      names.push_back(part.substr(1, part.size() - 2));
    } else {
      if (part.find_first_of("{}") != std::string_view::npos) {
        throw std::invalid_argument("route '" + route.pattern + "': a parameter must be a whole segment");
      }
      segment.text = std::string(part);
    }
    route.segments.push_back(std::move(segment));
  }
  for (const Route& other : routes_) {
    if (other.method != route.method || other.segments.size() != route.segments.size()) continue;
    const bool same_shape = std::equal(
        other.segments.begin(), other.segments.end(), route.segments.begin(), [](const Segment& a, const Segment& b) {
          return a.is_param == b.is_param && (a.is_param || a.text == b.text);
        });
    if (same_shape) {
      throw std::invalid_argument("route '" + route.method + " " + route.pattern + "' duplicates '" + other.method +
                                  " " + other.pattern + "'");
    }
  }
  routes_.push_back(std::move(route));
}

Router::Match Router::match(std::string_view method, std::string_view raw_path) const {
  Match result;
  if (raw_path.empty() || raw_path.front() != '/') return result;

  std::vector<std::string> decoded;
  for (std::string_view raw : splitPath(raw_path)) decoded.push_back(urlDecode(raw, false));

  const Route* best_any = nullptr;     // most specific route for this path, any method
  const Route* best_method = nullptr;  // most specific route for this path and method
  std::vector<bool> best_any_shape;
  std::vector<bool> best_method_shape;
  std::vector<bool> shape;

  for (const Route& route : routes_) {
    if (route.segments.size() != decoded.size()) continue;
    shape.clear();
    bool matches = true;
    for (std::size_t i = 0; i < decoded.size() && matches; ++i) {
      const Segment& segment = route.segments[i];
      // A parameter never matches an empty segment: "/t//jwks" is not a tenant.
      matches = segment.is_param ? !decoded[i].empty() : segment.text == decoded[i];
      shape.push_back(!segment.is_param);
    }
    if (!matches) continue;
    if (std::find(result.allowed.begin(), result.allowed.end(), route.method) == result.allowed.end()) {
      result.allowed.push_back(route.method);
    }
    if (best_any == nullptr || compareSpecificity(shape, best_any_shape) > 0) {
      best_any = &route;
      best_any_shape = shape;
    }
    if (route.method == method && (best_method == nullptr || compareSpecificity(shape, best_method_shape) > 0)) {
      best_method = &route;
      best_method_shape = shape;
    }
  }

  if (best_any == nullptr) {
    result.allowed.clear();
    return result;
  }
  if (best_method == nullptr) {
    result.kind = Match::Kind::MethodNotAllowed;
    result.route = best_any->pattern;
    std::sort(result.allowed.begin(), result.allowed.end());
    return result;
  }
  result.kind = Match::Kind::Found;
  result.allowed.clear();
  result.handler = &best_method->handler;
  result.route = best_method->pattern;
  for (std::size_t i = 0; i < decoded.size(); ++i) {
    if (best_method->segments[i].is_param) result.params.emplace(best_method->segments[i].text, std::move(decoded[i]));
  }
  return result;
}

std::vector<std::pair<std::string, std::string>> Router::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(routes_.size());
  for (const auto& route : routes_) out.emplace_back(route.method, route.pattern);
  return out;
}

}  // namespace sigid::http
