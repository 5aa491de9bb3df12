// What `jixiao explain` reads from the plan: the value expression as written (parentheses included)
// and each aggregate's unit. Expectations written by hand from the rule texts below.
#include <catch2/catch.hpp>

#include "compiler/frontend/frontend.h"
#include "compiler/plan/lower.h"

using namespace jixiao;

namespace {

const char* kRules = R"(project p { timezone "UTC" }
source s "s" {
  time      at
  evidence  id
  id:      string required
  at:      timestamp required
  x:       number
  y:       number
  cost:    number cny
  ok:      bool
}
indicator lead "lead" { from s; value (sum(x) - 1) / sum(x); every day }
indicator trail "trail" { from s; value 2 * (sum(x) + sum(y)); every day }
indicator both "both" { from s; value ((sum(x))); every day }
indicator filt "filt" { from s; value count(where (ok or x > 1) and y < 2) / (count()); every day }
indicator money "money" { from s; value sum(cost) / count(); unit cny; every day }
)";

const plan::IndicatorPlan& find(const plan::ProgramPlan& plan, const std::string& name) {
  for (const auto& ip : plan.indicators)
    if (ip.name == name) return ip;
  FAIL("no indicator " << name);
  throw;
}

}  // namespace

TEST_CASE("explain: the value text keeps its parentheses", "[explain]") {
  auto project = check_texts({{"p.perf", kRules}});
  REQUIRE(project->diags.error_count() == 0);
  plan::ProgramPlan plan = plan::lower(project->program);
  CHECK(find(plan, "lead").value.text == "(sum(x) - 1) / sum(x)");
  CHECK(find(plan, "trail").value.text == "2 * (sum(x) + sum(y))");
  // A value that is wholly parenthesized is its inner expression.
  CHECK(find(plan, "both").value.text == "sum(x)");
  const plan::IndicatorPlan& filt = find(plan, "filt");
  CHECK(filt.value.text == "count(where (ok or x > 1) and y < 2) / (count())");
  REQUIRE(filt.aggregates.size() == 2);
  CHECK(filt.aggregates[0].text == "count(where (ok or x > 1) and y < 2)");
  CHECK(filt.aggregates[1].text == "count()");
  // `(sum(x) - 1) / sum(x)`: the plan keeps both aggregates (explain lists the distinct ones).
  REQUIRE(find(plan, "lead").aggregates.size() == 2);
}

TEST_CASE("explain: aggregates carry their unit", "[explain]") {
  auto project = check_texts({{"p.perf", kRules}});
  REQUIRE(project->diags.error_count() == 0);
  plan::ProgramPlan plan = plan::lower(project->program);
  const plan::IndicatorPlan& money = find(plan, "money");
  REQUIRE(money.aggregates.size() == 2);
  CHECK(money.aggregates[0].text == "sum(cost)");
  CHECK(money.aggregates[0].unit == "cny");
  CHECK(money.aggregates[1].unit == "");
  CHECK(find(plan, "lead").aggregates[0].unit == "");
}
