// /api/v1/tenants/{tenant}/users and /invitations through the real binary,
// on SQLite and MariaDB, including what one tenant must never see of another.
#include <gtest/gtest.h>

#include "integration/hosted_fixture.hpp"

namespace sigid::testing {
namespace {

class UsersApi : public HostedTest {};

TEST_P(UsersApi, CreatesListsAndFindsUsersBySubjectOnly) {
  tenantWithPasswords("acme");
  auto created = http().sendJson("POST", "/api/v1/tenants/acme/users",
                                 R"({"email":" Ann@Example.COM","name":"Ann","roles":["admin"]})", admin());
  ASSERT_EQ(created.status, 201) << created.body;
  auto body = created.json();
  EXPECT_EQ(body->getValue<std::string>("email"), "ann@example.com");
  EXPECT_EQ(body->getValue<std::string>("status"), "active");
  EXPECT_FALSE(body->has("id")) << "the account's internal id never reaches a tenant";
  const std::string subject = body->getValue<std::string>("subject");
  EXPECT_EQ(created.header("location"), "/api/v1/tenants/" + http().get("/api/v1/system/tenants/acme", admin())
                                                                  .jsonString("id") + "/users/" + subject);
  EXPECT_EQ(http().get("/api/v1/tenants/acme/users/" + subject, admin()).status, 200);

  auto duplicate = http().sendJson("POST", "/api/v1/tenants/acme/users", R"({"email":"ann@example.com"})", admin());
  EXPECT_EQ(duplicate.status, 409) << duplicate.body;
  auto weak = http().sendJson("POST", "/api/v1/tenants/acme/users",
                              R"({"email":"weak@example.com","password":"short"})", admin());
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(http().get("/api/v1/tenants/acme/users?email_prefix=weak", admin()).json()->getArray("items")->size(), 0u)
      << "a refused password leaves no half-made user";

  for (const char* email : {"bob@example.com", "bea@example.com", "carl@example.com"})
    ASSERT_EQ(http().sendJson("POST", "/api/v1/tenants/acme/users", std::string(R"({"email":")") + email + "\"}", admin())
                  .status,
              201);
  auto page1 = http().get("/api/v1/tenants/acme/users?email_prefix=b&limit=1", admin());
  ASSERT_EQ(page1.status, 200) << page1.body;
  auto items = page1.json()->getArray("items");
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ(items->getObject(0)->getValue<std::string>("email"), "bea@example.com");
  const std::string cursor = page1.json()->getValue<std::string>("next_cursor");
  auto page2 = http().get("/api/v1/tenants/acme/users?email_prefix=b&limit=1&cursor=" + cursor, admin());
  EXPECT_EQ(page2.json()->getArray("items")->getObject(0)->getValue<std::string>("email"), "bob@example.com");
  EXPECT_TRUE(page2.json()->isNull("next_cursor"));
  EXPECT_EQ(http().get("/api/v1/tenants/acme/users?email_prefix=_", admin()).json()->getArray("items")->size(), 0u)
      << "LIKE wildcards in a prefix are literal";
}

TEST_P(UsersApi, TheSamePersonHasUnrelatedSubjectsAndTenantsCannotSeeEachOther) {
  tenantWithPasswords("acme");
  tenantWithPasswords("beta");
  const auto sub_a = createUser("acme", "ann@example.com", "correct horse battery");
  const auto sub_b = createUser("beta", "ann@example.com", "correct horse battery");
  ASSERT_FALSE(sub_a.empty());
  EXPECT_NE(sub_a, sub_b);
  auto missing = http().get("/api/v1/tenants/beta/users/no-such-subject", admin());
  auto foreign = http().get("/api/v1/tenants/beta/users/" + sub_a, admin());
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(foreign.body, missing.body) << "another tenant's subject looks exactly like a missing one";
  for (const char* path : {"/suspend", "/reactivate"})
    EXPECT_EQ(http().request("POST", "/api/v1/tenants/beta/users/" + sub_a + std::string(path), "", admin()).status, 404);
  EXPECT_EQ(http().request("DELETE", "/api/v1/tenants/beta/users/" + sub_a, "", admin()).status, 404);
  EXPECT_EQ(http().get("/api/v1/tenants/beta/users/" + sub_a + "/sessions", admin()).status, 404);
  auto list_b = http().get("/api/v1/tenants/beta/users", admin());
  ASSERT_EQ(list_b.json()->getArray("items")->size(), 1u);
  EXPECT_EQ(list_b.json()->getArray("items")->getObject(0)->getValue<std::string>("subject"), sub_b);
  // A key of tenant beta cannot read acme's users at all.
  auto key = http().sendJson("POST", "/api/v1/tenants/beta/api-keys", R"({"name":"k","scopes":["admin:settings"]})",
                             admin());
  if (key.status == 201) {
    std::map<std::string, std::string> beta_key{{"Authorization", "Bearer " + key.jsonString("key")}};
    EXPECT_EQ(http().get("/api/v1/tenants/acme/users", beta_key).status, 401);
  }
}

TEST_P(UsersApi, SuspendReactivateAndRemove) {
  tenantWithPasswords("acme");
  const auto subject = createUser("acme", "ann@example.com", "correct horse battery");
  const std::string base = "/api/v1/tenants/acme/users/" + subject;
  auto suspended = http().request("POST", base + "/suspend", "", admin());
  EXPECT_EQ(suspended.jsonString("status"), "suspended");
  EXPECT_EQ(http().request("POST", base + "/reactivate", "", admin()).jsonString("status"), "active");
  EXPECT_EQ(http().request("DELETE", base, "", admin()).status, 204);
  EXPECT_EQ(http().get(base, admin()).status, 404);
  // Added again later, the person keeps the tenant's subject.
  auto again = http().sendJson("POST", "/api/v1/tenants/acme/users", R"({"email":"ann@example.com"})", admin());
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.jsonString("subject"), subject);
}

TEST_P(UsersApi, AllowedDomainsAreEnforced) {
  tenantWithPasswords("acme");
  patchSettings("acme", R"({"allowed_domains":["example.com"]})");
  EXPECT_EQ(http().sendJson("POST", "/api/v1/tenants/acme/users", R"({"email":"x@evil.test"})", admin()).status, 400);
  EXPECT_EQ(http().sendJson("POST", "/api/v1/tenants/acme/invitations", R"({"email":"x@evil.test"})", admin()).status,
            400);
  EXPECT_EQ(http().sendJson("POST", "/api/v1/tenants/acme/users", R"({"email":"x@example.com"})", admin()).status, 201);
}

TEST_P(UsersApi, InvitationsAreListedResentAndRevoked) {
  tenantWithPasswords("acme");
  auto created = http().sendJson("POST", "/api/v1/tenants/acme/invitations", R"({"email":"cy@example.com"})", admin());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.jsonString("id");
  EXPECT_EQ(http().sendJson("POST", "/api/v1/tenants/acme/invitations", R"({"email":"cy@example.com"})", admin()).status,
            409);
  auto first = smtp_->waitFor(1);
  ASSERT_TRUE(first);
  auto resent = http().request("POST", "/api/v1/tenants/acme/invitations/" + id + "/resend", "", admin());
  ASSERT_EQ(resent.status, 200) << resent.body;
  EXPECT_EQ(resent.json()->getValue<int>("send_count"), 2);
  auto second = smtp_->waitFor(2);
  ASSERT_TRUE(second);
  const auto old_link = first->link("token=");
  EXPECT_NE(old_link, second->link("token="));
  EXPECT_EQ(http().get(old_link.substr(old_link.find("/t/acme/"))).status, 404) << "a resend retires the old link";

  auto bulk = http().sendJson("POST", "/api/v1/tenants/acme/invitations/resend",
                              R"({"ids":[")" + id + R"(","00000000-0000-7000-8000-000000000000"]})", admin());
  ASSERT_EQ(bulk.status, 200) << bulk.body;
  auto results = bulk.json()->getArray("results");
  EXPECT_EQ(results->getObject(0)->getValue<std::string>("status"), "sent");
  EXPECT_EQ(results->getObject(1)->getValue<std::string>("status"), "refused");

  EXPECT_EQ(http().get("/api/v1/tenants/acme/invitations?status=pending", admin()).json()->getArray("items")->size(), 1u);
  EXPECT_EQ(http().get("/api/v1/tenants/acme/invitations/" + id, admin()).jsonString("email"), "cy@example.com");
  EXPECT_EQ(http().request("DELETE", "/api/v1/tenants/acme/invitations/" + id, "", admin()).jsonString("status"),
            "revoked");
  tenantWithPasswords("beta");
  EXPECT_EQ(http().get("/api/v1/tenants/beta/invitations/" + id, admin()).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, UsersApi, ::testing::Values(Backend::Sqlite, Backend::Mariadb), backendName);

}  // namespace
}  // namespace sigid::testing
