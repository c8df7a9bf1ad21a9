#include "policy/policy_test_runner.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "policy/lua_sandbox.hpp"
#include "policy/policy_engine.hpp"

namespace sigid::policy {
namespace {

namespace fs = std::filesystem;

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string stringField(const PolicyValue& object, std::string_view key, std::string fallback = "") {
  const PolicyValue* v = object.find(key);
  return v && v->isString() ? v->asString() : fallback;
}

std::string verdictText(const PolicyOutcome& o) {
  std::string text(toString(o.verdict));
  if (o.verdict == Verdict::StepUp) text += " (acr " + o.acr + ")";
  return text;
}

// Field-by-field comparison; each mismatch is one line for the diff.
std::vector<std::string> compare(const PolicyValue& expect, const PolicyOutcome& got) {
  std::vector<std::string> diffs;
  const std::string decision = stringField(expect, "decision");
  if (decision != toString(got.verdict))
    diffs.push_back("decision: expected " + decision + ", got " + verdictText(got));
  if (const PolicyValue* acr = expect.find("acr"); acr && acr->isString() && acr->asString() != got.acr)
    diffs.push_back("acr: expected " + acr->asString() + ", got " + (got.acr.empty() ? "(none)" : got.acr));
  if (const PolicyValue* reason = expect.find("reason"); reason && reason->isString()) {
    bool found = std::any_of(got.reasons.begin(), got.reasons.end(),
                             [&](const std::string& r) { return r.find(reason->asString()) != std::string::npos; });
    if (!found) diffs.push_back("reason: expected one containing \"" + reason->asString() + "\"");
  }
  if (const PolicyValue* scopes = expect.find("scopes"); scopes && scopes->isArray()) {
    std::vector<std::string> want;
    for (const auto& s : scopes->asArray())
      if (s.isString()) want.push_back(s.asString());
    auto have = got.obligations.scopes.value_or(std::vector<std::string>{});
    std::sort(want.begin(), want.end());
    std::sort(have.begin(), have.end());
    if (want != have || !got.obligations.scopes)
      diffs.push_back("scopes: expected " + PolicyValue::strings(want).toJson() + ", got " +
                      (got.obligations.scopes ? PolicyValue::strings(have).toJson() : std::string("(unchanged)")));
  }
  if (const PolicyValue* claims = expect.find("claims"); claims && claims->isObject()) {
    for (const auto& [name, value] : claims->asObject()) {
      const PolicyValue* have = got.obligations.claims.find(name);
      if (!have || !(*have == value))
        diffs.push_back("claims." + name + ": expected " + value.toJson() + ", got " +
                        (have ? have->toJson() : std::string("(absent)")));
    }
  }
  if (const PolicyValue* approval = expect.find("approval_required");
      approval && approval->kind() == PolicyValue::Kind::Bool && approval->asBool() != got.obligations.approval_required)
    diffs.push_back(std::string("approval_required: expected ") + (approval->asBool() ? "true" : "false"));
  return diffs;
}

void runFixture(const fs::path& fixture, PolicyEngine& engine, const SandboxLimits& limits, std::ostream& out,
                PolicyTestReport& report) {
  out << fixture.string() << "\n";
  auto loader = LuaSandbox::create(limits, {});
  auto data = loader ? (*loader)->evaluateData(fixture.filename().string(), readFile(fixture))
                     : core::Result<PolicyValue>(loader.error());
  if (!data || !data->isObject()) {
    out << "  ERROR fixture: " << (data ? "must return a table" : data.error().description()) << "\n";
    ++report.errors;
    return;
  }
  std::string stem = fixture.filename().string();
  stem = stem.substr(0, stem.size() - std::string("_test.lua").size());
  const fs::path policy_path = fixture.parent_path() / stringField(*data, "policy", stem + ".lua");
  const std::string source = readFile(policy_path);
  if (auto syntax = checkPolicySyntax(policy_path.filename().string(), source); source.empty() || !syntax) {
    out << "  ERROR " << policy_path.string() << ": "
        << (source.empty() ? "missing or empty" : syntax.error().description()) << "\n";
    ++report.errors;
    return;
  }
  const PolicyUnit unit{"", policy_path.stem().string(), 1, source};
  const PolicyValue* cases = data->find("cases");
  if (!cases || !cases->isArray() || cases->asArray().empty()) {
    out << "  ERROR fixture: 'cases' must be a non-empty list\n";
    ++report.errors;
    return;
  }
  for (const auto& c : cases->asArray()) {
    const std::string name = stringField(c, "name", "(unnamed case)");
    const std::string attach_name = stringField(c, "attach", "check");
    const PolicyValue* expect = c.find("expect");
    auto point = parseAttachPoint(attach_name);
    if (!point || !expect || !expect->isObject() || stringField(*expect, "decision").empty()) {
      out << "  ERROR " << name << ": needs a valid attach and expect.decision\n";
      ++report.errors;
      continue;
    }
    const PolicyValue* input = c.find("input");
    static const PolicyValue kEmpty = PolicyValue::object();
    const PolicyOutcome got = engine.evaluateOne(unit, *point, input ? *input : kEmpty);
    auto diffs = compare(*expect, got);
    if (diffs.empty()) {
      out << "  ok    " << name << "\n";
      ++report.passed;
      continue;
    }
    ++report.failed;
    out << "  FAIL  " << name << "\n";
    for (const auto& d : diffs) out << "        " << d << "\n";
    out << "        reasons: " << PolicyValue::strings(got.reasons).toJson() << "\n";
    if (got.line > 0) out << "        decided at: " << unit.name << ".lua:" << got.line << "\n";
    out << "        input: " << (input ? input->toJson() : "{}") << "\n";
  }
}

}  // namespace

PolicyTestReport runPolicyTests(const fs::path& dir, const SandboxLimits& limits, std::ostream& out) {
  PolicyTestReport report;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    out << "ERROR " << dir.string() << ": not a directory\n";
    ++report.errors;
    return report;
  }
  std::vector<fs::path> fixtures;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() > 9 && name.ends_with("_test.lua")) fixtures.push_back(entry.path());
  }
  std::sort(fixtures.begin(), fixtures.end());
  if (fixtures.empty()) {
    out << "ERROR " << dir.string() << ": no *_test.lua files\n";
    ++report.errors;
    return report;
  }
  PolicyEngine engine(limits, std::nullopt);
  for (const auto& fixture : fixtures) runFixture(fixture, engine, limits, out, report);
  out << "\n" << report.passed << " passed, " << report.failed << " failed";
  if (report.errors > 0) out << ", " << report.errors << " errors";
  out << "\n";
  return report;
}

}  // namespace sigid::policy
