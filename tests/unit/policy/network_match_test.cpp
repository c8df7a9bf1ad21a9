#include "policy/network_match.hpp"

#include <gtest/gtest.h>

namespace sigid::policy {
namespace {

bool in(const char* ip, const char* cidr) {
  auto address = parseIp(ip);
  auto range = parseCidr(cidr);
  return address && range && range->contains(*address);
}

TEST(NetworkMatch, Ipv4Ranges) {
  EXPECT_TRUE(in("10.1.2.3", "10.0.0.0/8"));
  EXPECT_FALSE(in("11.1.2.3", "10.0.0.0/8"));
  EXPECT_TRUE(in("192.0.2.255", "192.0.2.0/24"));
  EXPECT_FALSE(in("192.0.3.0", "192.0.2.0/24"));
  EXPECT_TRUE(in("203.0.113.7", "203.0.113.7"));
  EXPECT_TRUE(in("1.2.3.4", "0.0.0.0/0"));
  EXPECT_TRUE(in("10.0.0.129", "10.0.0.128/25"));
  EXPECT_FALSE(in("10.0.0.127", "10.0.0.128/25"));
}

TEST(NetworkMatch, Ipv6Ranges) {
  EXPECT_TRUE(in("2001:db8::1", "2001:db8::/32"));
  EXPECT_FALSE(in("2001:db9::1", "2001:db8::/32"));
  EXPECT_TRUE(in("fe80::1", "fe80::/10"));
  EXPECT_TRUE(in("febf::1", "fe80::/10"));
  EXPECT_FALSE(in("fec0::1", "fe80::/10"));
  EXPECT_TRUE(in("::1", "::1/128"));
}

TEST(NetworkMatch, MappedAddressesMatchIpv4RangesOnly) {
  EXPECT_TRUE(in("::ffff:10.1.2.3", "10.0.0.0/8"));
  EXPECT_FALSE(in("10.1.2.3", "::/0"));
  EXPECT_FALSE(in("2001:db8::1", "0.0.0.0/0"));
}

TEST(NetworkMatch, MalformedInputIsRefused) {
  EXPECT_FALSE(parseIp(""));
  EXPECT_FALSE(parseIp("10.0.0"));
  EXPECT_FALSE(parseIp("10.0.0.256"));
  EXPECT_FALSE(parseIp("example.com"));
  EXPECT_FALSE(parseCidr("10.0.0.0/33"));
  EXPECT_FALSE(parseCidr("10.0.0.0/"));
  EXPECT_FALSE(parseCidr("10.0.0.0/-1"));
  EXPECT_FALSE(parseCidr("2001:db8::/129"));
  EXPECT_FALSE(parseCidr("10.0.0.0/8x"));
}

}  // namespace
}  // namespace sigid::policy
