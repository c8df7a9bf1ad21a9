#include <filesystem>
#include <fstream>

#include "app/config.hpp"

namespace sigid::app {
namespace {

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\f\v";
  auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

}  // namespace

// A deliberate subset of Java .properties: `key = value` or `key: value`, `#` and `!`
// comments, blank lines, surrounding whitespace trimmed. Values are literal: no
// backslash escapes and no line continuations, so a base64 key or a path reads as
// written. Anything outside the subset is an error rather than a guess, and every
// bad line is reported at once.
core::Result<ConfigLayer> readPropertiesFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return core::Error::invalidRequest(path + ": configuration file not found");
  if (std::filesystem::is_directory(path, ec))
    return core::Error::invalidRequest(path + ": is a directory, expected a configuration file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error::invalidRequest(path + ": configuration file cannot be read");

  ConfigLayer layer;
  std::map<std::string, int> firstLine;
  std::vector<std::string> problems;
  std::string raw;
  for (int number = 1; std::getline(in, raw); ++number) {
    std::string_view line = raw;
    if (number == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // UTF-8 BOM from some editors
    line = trim(line);
    if (line.empty() || line.front() == '#' || line.front() == '!') continue;

    auto where = path + ":" + std::to_string(number) + ": ";
    if (line.back() == '\\') {
      problems.push_back(where + "line continuations (a trailing \\) are not supported");
      continue;
    }
    auto separator = line.find_first_of("=:");
    if (separator == std::string_view::npos) {
      problems.push_back(where + "expected key = value");
      continue;
    }
    std::string key(trim(line.substr(0, separator)));
    std::string_view value = trim(line.substr(separator + 1));
    if (key.empty() || key.find_first_of(" \t") != std::string::npos) {
      problems.push_back(where + "expected key = value, with no spaces in the key");
      continue;
    }
    // Two lines for one key in one file is almost always an edit that forgot the first.
    if (auto [it, inserted] = firstLine.emplace(key, number); !inserted) {
      problems.push_back(where + key + ": already set on line " + std::to_string(it->second));
      continue;
    }
    layer[key] = std::string(value);
  }
  if (in.bad()) return core::Error::invalidRequest(path + ": configuration file cannot be read");

  if (!problems.empty()) {
    std::string description;
    for (const auto& problem : problems) {
      if (!description.empty()) description += '\n';
      description += problem;
    }
    return core::Error::invalidRequest(std::move(description));
  }
  return layer;
}

}  // namespace sigid::app
