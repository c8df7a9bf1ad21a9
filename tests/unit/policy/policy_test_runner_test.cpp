#include "policy/policy_test_runner.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "unit/policy/policy_test_support.hpp"

namespace sigid::policy {
namespace {

namespace fs = std::filesystem;

class PolicyTestRunner : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sigid-policy-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    write("p.lua", "function check(input)\n  if input.subject.id == 'bad' then return deny('bad subject') end\n"
                   "  return allow{scopes = {'a'}}\nend\n");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  PolicyTestReport run() { return runPolicyTests(dir_, testing::testLimits(), out_); }

  fs::path dir_;
  std::stringstream out_;
};

TEST_F(PolicyTestRunner, PassingCasesPass) {
  write("p_test.lua", R"(return {cases = {
    {name = "good", input = {subject = {id = "ok"}}, expect = {decision = "allow", scopes = {"a"}}},
    {name = "bad", input = {subject = {id = "bad"}}, expect = {decision = "deny", reason = "bad subject"}}}})");
  auto report = run();
  EXPECT_TRUE(report.ok()) << out_.str();
  EXPECT_EQ(report.passed, 2);
  EXPECT_NE(out_.str().find("2 passed, 0 failed"), std::string::npos);
}

TEST_F(PolicyTestRunner, AFailureShowsAFieldByFieldDiff) {
  write("p_test.lua", R"(return {cases = {
    {name = "wrongly expected", input = {subject = {id = "bad"}}, expect = {decision = "allow", scopes = {"b"}}}}})");
  auto report = run();
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(report.failed, 1);
  const std::string text = out_.str();
  EXPECT_NE(text.find("FAIL  wrongly expected"), std::string::npos) << text;
  EXPECT_NE(text.find("decision: expected allow, got deny"), std::string::npos) << text;
  EXPECT_NE(text.find("scopes: expected [\"b\"], got (unchanged)"), std::string::npos) << text;
  EXPECT_NE(text.find("reasons: [\"bad subject\"]"), std::string::npos) << text;
  EXPECT_NE(text.find("decided at: p.lua:2"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(input: {"subject":{"id":"bad"}})"), std::string::npos) << text;
}

TEST_F(PolicyTestRunner, BrokenFixturesAndPoliciesAreErrors) {
  write("p_test.lua", "return {cases = ");
  write("q_test.lua", "return {cases = {{name = 'x', expect = {decision = 'allow'}}}}");  // q.lua is missing
  auto report = run();
  EXPECT_EQ(report.errors, 2) << out_.str();
  EXPECT_FALSE(report.ok());
}

TEST_F(PolicyTestRunner, HostileFixturesAreStoppedByTheLimits) {
  write("p_test.lua", "while true do end");
  auto report = run();
  EXPECT_EQ(report.errors, 1);
  EXPECT_NE(out_.str().find("instruction budget exceeded"), std::string::npos) << out_.str();
}

TEST_F(PolicyTestRunner, AnEmptyDirectoryIsAnError) {
  fs::remove(dir_ / "p.lua");
  EXPECT_EQ(run().errors, 1);
}

}  // namespace
}  // namespace sigid::policy
