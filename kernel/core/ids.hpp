#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace sigid::core {

// A canonical lowercase UUID string (8-4-4-4-12).
class Uuid {
 public:
  static Uuid v4();  // random
  static Uuid v7();  // time-ordered (RFC 9562 §5.7): good primary keys and event ids
  static std::optional<Uuid> parse(std::string_view text);  // accepts any case, stores lowercase

  const std::string& str() const { return text_; }
  auto operator<=>(const Uuid&) const = default;

 private:
  explicit Uuid(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

// Strong id types: swapping a tenant id for a user id does not compile.
template <class Tag>
class Id {
 public:
  Id() = default;
  explicit Id(Uuid uuid) : uuid_(std::move(uuid.str())) {}
  explicit Id(std::string canonical) : uuid_(std::move(canonical)) {}
  const std::string& str() const { return uuid_; }
  bool empty() const { return uuid_.empty(); }
  auto operator<=>(const Id&) const = default;

 private:
  std::string uuid_;
};

struct TenantTag {};
using TenantId = Id<TenantTag>;

// The system tenant holds platform operators; it is never used for regular users.
inline constexpr std::string_view kSystemTenantId = "00000000-0000-0000-0000-000000000001";
inline constexpr std::string_view kSystemTenantSlug = "system";

}  // namespace sigid::core
