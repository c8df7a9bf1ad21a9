#include "plugins/outbound_http_client.hpp"

#include <gtest/gtest.h>

#include "test_http_server.hpp"

namespace sigid::plugins {
namespace {

OutboundHttpClient client(std::vector<std::string> allowlist) {
  auto guard = SsrfGuard::create(allowlist);
  EXPECT_TRUE(guard.ok());
  return OutboundHttpClient(std::move(*guard));
}

TEST(OutboundHttpClient, RefusesLoopbackUnlessTheOperatorAllowlistsIt) {
  testing::TestHttpServer server;
  auto refused = client({}).send({"GET", server.url("/"), {}, "", std::chrono::seconds(2)});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), core::ErrorCode::AccessDenied);
  EXPECT_NE(refused.error().description().find("127.0.0.1 is a loopback address"), std::string::npos);
  EXPECT_TRUE(server.received().empty()) << "the refused request must never reach the receiver";

  // "localhost" resolves to loopback: the check runs on the resolved address.
  auto by_name = client({}).send({"GET", "http://localhost:" + std::to_string(server.port()) + "/", {}, "",
                                  std::chrono::seconds(2)});
  ASSERT_FALSE(by_name.ok());
  EXPECT_EQ(by_name.error().code(), core::ErrorCode::AccessDenied);
}

TEST(OutboundHttpClient, SendsToAnAllowlistedAddressAndReturnsTheResponse) {
  testing::TestHttpServer server;
  auto response = client({"127.0.0.1", "::1"})
                      .send({"POST", server.url("/status/201?x=1"), {{"X-Test", "yes"}}, "payload",
                             std::chrono::seconds(5)});
  ASSERT_TRUE(response.ok()) << response.error().description();
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, "answer 201");
  auto received = server.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].method, "POST");
  EXPECT_EQ(received[0].uri, "/status/201?x=1");
  EXPECT_EQ(received[0].body, "payload");
}

TEST(OutboundHttpClient, MetadataAndPrivateAddressesAreRefusedBeforeConnecting) {
  for (const char* url : {"http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]:9/",
                          "http://0.0.0.0:80/", "http://[::ffff:127.0.0.1]/"}) {
    auto refused = client({}).send({"GET", url, {}, "", std::chrono::seconds(1)});
    ASSERT_FALSE(refused.ok()) << url;
    EXPECT_EQ(refused.error().code(), core::ErrorCode::AccessDenied) << url;
  }
}

TEST(OutboundHttpClient, RefusesOtherSchemesAndCredentialsInUrls) {
  for (const char* url : {"file:///etc/passwd", "gopher://127.0.0.1/", "http://user:pw@example.com/", "not a url"}) {
    auto refused = client({}).send({"GET", url, {}, "", std::chrono::seconds(1)});
    ASSERT_FALSE(refused.ok()) << url;
    EXPECT_EQ(refused.error().code(), core::ErrorCode::InvalidRequest) << url;
  }
}

TEST(OutboundHttpClient, ATimeoutIsUnavailable) {
  testing::TestHttpServer server;
  auto slow = client({"127.0.0.1"}).send({"GET", server.url("/slow"), {}, "", std::chrono::milliseconds(300)});
  ASSERT_FALSE(slow.ok());
  EXPECT_EQ(slow.error().code(), core::ErrorCode::Unavailable);
  EXPECT_NE(slow.error().description().find("timed out"), std::string::npos);
}

}  // namespace
}  // namespace sigid::plugins
