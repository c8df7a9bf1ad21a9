#include "store/repositories/user_repository.hpp"

namespace sigid::store {
namespace {

UserRecord fromRow(const Row& r) { return UserRecord{r.text(0), r.text(1), r.text(2), r.integer(3), r.integer(4)}; }

Result<std::optional<UserRecord>> findOne(Connection& c, std::string_view sql, const std::string& value) {
  SIGID_TRY(Rows rows, c.query(sql, {value}));
  if (rows.empty()) return std::optional<UserRecord>{};
  return std::optional<UserRecord>{fromRow(rows.front())};
}

}  // namespace

Result<void> UserRepository::insert(Connection& c, const UserRecord& u) {
  SIGID_CHECK(c.execute("INSERT INTO users (id, email, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                        {u.id, u.email, u.name, u.created_at, u.updated_at}));
  return core::success();
}

Result<std::optional<UserRecord>> UserRepository::findById(Connection& c, const std::string& id) {
  return findOne(c, "SELECT id, email, name, created_at, updated_at FROM users WHERE id = ?", id);
}

Result<std::optional<UserRecord>> UserRepository::findByEmail(Connection& c, const std::string& email) {
  return findOne(c, "SELECT id, email, name, created_at, updated_at FROM users WHERE email = ?", email);
}

}  // namespace sigid::store
