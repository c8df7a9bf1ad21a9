#include "plugins/ssrf_guard.hpp"

#include <gtest/gtest.h>

namespace sigid::plugins {
namespace {

bool isPublic(const char* text) {
  auto a = IpAddress::parse(text);
  EXPECT_TRUE(a.has_value()) << text;
  return !nonPublicReason(*a).has_value();
}

TEST(SsrfGuard, NonPublicAddressesAreRecognised) {
  for (const char* address :
       {"127.0.0.1", "127.9.9.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
        "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "240.0.0.1", "::1", "::", "fe80::1", "fd00::1",
        "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "::127.0.0.1"})
    EXPECT_FALSE(isPublic(address)) << address;
}

TEST(SsrfGuard, PublicAddressesPass) {
  for (const char* address : {"93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"})
    EXPECT_TRUE(isPublic(address)) << address;
}

TEST(SsrfGuard, RefusesNonPublicUnlessAllowlisted) {
  auto guard = SsrfGuard::create({});
  ASSERT_TRUE(guard.ok());
  auto refused = guard->check(*IpAddress::parse("169.254.169.254"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), core::ErrorCode::AccessDenied);
  EXPECT_EQ(refused.error().description(),
            "outbound request refused: 169.254.169.254 is a link-local address (allowlist it in "
            "plugins.outbound_allowlist if this is intended)");

  auto allowing = SsrfGuard::create({"127.0.0.1", "10.20.0.0/16"});
  ASSERT_TRUE(allowing.ok());
  EXPECT_TRUE(allowing->check(*IpAddress::parse("127.0.0.1")).ok());
  EXPECT_TRUE(allowing->check(*IpAddress::parse("::ffff:127.0.0.1")).ok());
  EXPECT_TRUE(allowing->check(*IpAddress::parse("10.20.3.4")).ok());
  EXPECT_FALSE(allowing->check(*IpAddress::parse("10.21.0.1")).ok());
  EXPECT_FALSE(allowing->check(*IpAddress::parse("127.0.0.2")).ok());
}

TEST(SsrfGuard, MalformedAllowlistEntriesAreRefused) {
  EXPECT_FALSE(SsrfGuard::create({"localhost"}).ok());
  EXPECT_FALSE(SsrfGuard::create({"10.0.0.0/40"}).ok());
}

}  // namespace
}  // namespace sigid::plugins
