#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sigid::store::migrations {

// Splits a migration file into single statements (both drivers run one
// statement per call). The rules, which every migration must follow:
//  - a statement ends at a line whose last non-blank character is `;`
//    (so never end a line inside a string literal with `;`);
//  - a line whose first non-blank characters are `--` is a comment and dropped;
//  - CREATE TRIGGER ... BEGIN ... END: the body's own `;` lines do not end the
//    statement; the line ending in `END;` does.
std::vector<std::string> splitStatements(std::string_view sql);

}  // namespace sigid::store::migrations
