// docs/api/openapi.yaml and the server agree: every documented operation is
// served, every served route is documented, and what an unauthenticated caller
// gets back is one of the documented responses.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <regex>
#include <set>

#include "integration/http_client.hpp"
#include "integration/sigid_process.hpp"

namespace sigid::testing {
namespace {

using Operation = std::pair<std::string, std::string>;  // METHOD, path pattern

struct Documented {
  std::set<Operation> operations;
  std::map<Operation, std::set<std::string>> statuses;
};

Documented readSpec() {
  YAML::Node spec = YAML::LoadFile(std::string(SIGID_TEST_SOURCE_DIR) + "/docs/api/openapi.yaml");
  Documented out;
  for (const auto& path : spec["paths"]) {
    for (const auto& item : path.second) {
      std::string method = item.first.as<std::string>();
      if (method == "parameters") continue;
      std::transform(method.begin(), method.end(), method.begin(), ::toupper);
      Operation op{method, path.first.as<std::string>()};
      out.operations.insert(op);
      for (const auto& response : item.second["responses"]) out.statuses[op].insert(response.first.as<std::string>());
    }
  }
  return out;
}

std::set<Operation> servedRoutes(const std::string& log) {
  static const std::regex kRoute(R"re("msg":"route","method":"([A-Z]+)","pattern":"([^"]+)")re");
  std::set<Operation> out;
  for (std::sregex_iterator it(log.begin(), log.end(), kRoute), end; it != end; ++it) out.insert({(*it)[1], (*it)[2]});
  return out;
}

// A concrete path for a pattern: every {param} becomes a value that names nothing.
std::string concrete(const std::string& pattern) {
  return std::regex_replace(pattern, std::regex(R"(\{[a-z_]+\})"), "no-such-thing");
}

class OpenApi : public ::testing::Test {
 protected:
  void SetUp() override {
    kernel_ = std::make_unique<SigidProcess>(std::map<std::string, std::string>{{"SIGID_LOG_LEVEL", "debug"}});
    kernel_->start();
  }
  void TearDown() override { EXPECT_EQ(kernel_->stop(), 0); }
  std::unique_ptr<SigidProcess> kernel_;
};

TEST_F(OpenApi, DocumentsExactlyTheRoutesTheServerServes) {
  Documented spec = readSpec();
  std::set<Operation> served = servedRoutes(kernel_->logText());
  ASSERT_FALSE(served.empty()) << "no route lines in the debug log";
  for (const auto& op : served)
    EXPECT_TRUE(spec.operations.count(op)) << op.first << " " << op.second << " is served but not in openapi.yaml";
  for (const auto& op : spec.operations)
    EXPECT_TRUE(served.count(op)) << op.first << " " << op.second << " is in openapi.yaml but not served";
}

TEST_F(OpenApi, UnauthenticatedCallsGetADocumentedResponse) {
  Documented spec = readSpec();
  HttpClient http(kernel_->port());
  for (const auto& op : spec.operations) {
    const bool has_body = op.first == "POST" || op.first == "PUT" || op.first == "PATCH";
    auto res = http.request(op.first, concrete(op.second), has_body ? "{}" : "",
                            has_body ? std::map<std::string, std::string>{{"Content-Type", "application/json"}}
                                     : std::map<std::string, std::string>{});
    EXPECT_TRUE(spec.statuses[op].count(std::to_string(res.status)))
        << op.first << " " << op.second << " answered " << res.status << " which openapi.yaml does not list: "
        << res.body;
    EXPECT_LT(res.status, 500) << op.first << " " << op.second << ": " << res.body;
  }
}

}  // namespace
}  // namespace sigid::testing
