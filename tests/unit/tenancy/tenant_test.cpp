#include "tenancy/tenant.hpp"

#include <gtest/gtest.h>

using namespace sigid::tenancy;

TEST(Slug, AcceptsLowerCaseWordsJoinedBySingleHyphens) {
  const std::string longest(63, 'a');
  for (std::string_view slug : {std::string_view("acme"), std::string_view("acme-corp"), std::string_view("a1b"),
                                std::string_view("tenant-2026"), std::string_view(longest)})
    EXPECT_TRUE(validateSlug(slug).ok()) << slug;
}

TEST(Slug, RefusesEverythingElseNamingTheField) {
  for (auto slug : {"ab", "Acme", "1acme", "-acme", "acme-", "ac--me", "ac_me", "ac me", "acmé", "system", "api",
                    "well-known"}) {
    auto r = validateSlug(slug);
    ASSERT_FALSE(r.ok()) << slug;
    EXPECT_EQ(r.error().description().rfind("slug: ", 0), 0u) << r.error().description();
  }
  EXPECT_FALSE(validateSlug(std::string(64, 'a')).ok());
}

TEST(TenantName, RefusesEmptyPaddedAndControlCharacters) {
  EXPECT_TRUE(validateTenantName("Acme Corp").ok());
  EXPECT_FALSE(validateTenantName("").ok());
  EXPECT_FALSE(validateTenantName(" Acme").ok());
  EXPECT_FALSE(validateTenantName("Ac\nme").ok());
  EXPECT_FALSE(validateTenantName(std::string(201, 'x')).ok());
}

TEST(Plan, IsAShortIdentifier) {
  EXPECT_TRUE(validatePlan("enterprise").ok());
  EXPECT_TRUE(validatePlan("pro_2026").ok());
  EXPECT_FALSE(validatePlan("").ok());
  EXPECT_FALSE(validatePlan("Pro Plan").ok());
}
