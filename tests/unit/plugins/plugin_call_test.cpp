#include "plugins/plugin_call.hpp"
#include "sigid/sdk/barrier.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace sigid::plugins {
namespace {

TEST(PluginCall, AnEscapedExceptionBecomesAServerErrorAndIsCounted) {
  PluginFaults faults;
  auto result = pluginCall("io.example.x", &faults, []() -> sdk::Result<int> { throw std::runtime_error("boom"); });
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), core::ErrorCode::Internal);
  EXPECT_NE(result.error().detail().find("boom"), std::string::npos);
  EXPECT_EQ(faults.count(), 1u);
}

TEST(PluginCall, PluginErrorsMapToKernelCodes) {
  PluginFaults faults;
  auto denied = pluginCall("p.x.y", &faults, []() -> sdk::Result<void> {
    return sdk::Error(sdk::ErrorCode::AccessDenied, "wrong code");
  });
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code(), core::ErrorCode::AccessDenied);
  EXPECT_EQ(denied.error().description(), "plugin p.x.y: wrong code");
  EXPECT_EQ(faults.count(), 0u);
  auto value = pluginCall("p.x.y", &faults, []() -> sdk::Result<int> { return 7; });
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, 7);
}

TEST(SdkBarrier, CatchesInsideAndReturnsAnError) {
  auto result = sdk::barrier([]() -> sdk::Result<int> { throw std::out_of_range("index"); });
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message(), "plugin threw: index");
}

}  // namespace
}  // namespace sigid::plugins
