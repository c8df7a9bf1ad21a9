#include "store/migrations/sql_statements.hpp"

#include <algorithm>
#include <cctype>

namespace sigid::store::migrations {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

std::string upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
  return out;
}

bool hasWord(const std::string& upper_text, std::string_view word) {
  for (std::size_t at = upper_text.find(word); at != std::string::npos; at = upper_text.find(word, at + 1)) {
    const bool starts = at == 0 || !(std::isalnum(static_cast<unsigned char>(upper_text[at - 1])) || upper_text[at - 1] == '_');
    const std::size_t end = at + word.size();
    const bool ends = end == upper_text.size() ||
                      !(std::isalnum(static_cast<unsigned char>(upper_text[end])) || upper_text[end] == '_');
    if (starts && ends) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> splitStatements(std::string_view sql) {
  std::vector<std::string> statements;
  std::string current;
  auto finish = [&] {
    std::string_view text = trim(current);
    if (!text.empty()) statements.emplace_back(text);
    current.clear();
  };
  while (!sql.empty()) {
    auto newline = sql.find('\n');
    std::string_view line = sql.substr(0, newline);
    sql = newline == std::string_view::npos ? std::string_view() : sql.substr(newline + 1);
    std::string_view trimmed = trim(line);
    if (trimmed.rfind("--", 0) == 0) continue;
    if (trimmed.empty() && current.empty()) continue;
    current.append(line);
    current.push_back('\n');
    if (trimmed.empty() || trimmed.back() != ';') continue;

    const std::string statement = upper(trim(current));
    const bool trigger_block = statement.rfind("CREATE", 0) == 0 && hasWord(statement, "TRIGGER") &&
                               hasWord(statement, "BEGIN");
    if (trigger_block) {
      std::string last = upper(trimmed);
      last.pop_back();  // the ';'
      std::string_view head = trim(last);
      const bool ends_block = head.size() >= 3 && head.substr(head.size() - 3) == "END" &&
                              (head.size() == 3 || !std::isalnum(static_cast<unsigned char>(head[head.size() - 4])));
      if (!ends_block) continue;
    }
    // Drop the terminating ';' (MySQL's prepared protocol refuses a trailing one
    // in some statements; SQLite would see an empty second statement).
    std::string_view body = trim(current);
    body.remove_suffix(1);
    current = std::string(body);
    finish();
  }
  finish();
  return statements;
}

}  // namespace sigid::store::migrations
