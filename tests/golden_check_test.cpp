// Golden diagnostics: every tests/golden/check/*.perf is checked and its rendered diagnostics compared
// with the `.diagnostics` file beside it. Files named fail_* must report an error; warn_* must report a
// warning and no error; ok_* must be clean. Every registered diagnostic kind needs a golden file that
// shows it. JIXIAO_UPDATE_GOLDEN=1 rewrites the expectations (read the diff before committing it).
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "compiler/check/check_diagnostics.h"
#include "compiler/frontend/frontend.h"
#include "compiler/source/file_text.h"
#include "compiler/source/unicode.h"
#include "compiler/syntax/syntax_diagnostics.h"

namespace fs = std::filesystem;
using namespace jixiao;

namespace {
std::string read(const fs::path& p) { return read_file(p).value_or(""); }

fs::path golden_dir() { return fs::path(JIXIAO_SOURCE_DIR) / "tests" / "golden" / "check"; }

std::vector<fs::path> golden_inputs() {
  std::vector<fs::path> out;
  for (auto& e : fs::directory_iterator(golden_dir()))
    if (e.path().extension() == ".perf") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::unique_ptr<CheckedProject> check_one(const fs::path& p) { return check_texts({{p.filename().string(), read(p)}}); }

std::string render_all(const CheckedProject& project) {
  std::string out;
  for (auto& d : project.diags.all()) out += render_text(d, *project.sources) + "\n";
  return out;
}
}  // namespace

TEST_CASE("golden diagnostics match", "[golden][check]") {
  bool update = std::getenv("JIXIAO_UPDATE_GOLDEN") != nullptr;
  auto inputs = golden_inputs();
  REQUIRE(!inputs.empty());
  for (auto& input : inputs) {
    INFO(input.filename().string());
    auto project = check_one(input);
    std::string actual = render_all(*project);
    std::string name = input.filename().string();
    if (name.rfind("fail_", 0) == 0) CHECK(project->diags.has_errors());
    if (name.rfind("warn_", 0) == 0) {
      CHECK(!project->diags.has_errors());
      CHECK(project->diags.warning_count() > 0);
    }
    if (name.rfind("ok_", 0) == 0) CHECK(project->diags.all().empty());
    fs::path expected_path = input;
    expected_path.replace_extension(".diagnostics");
    if (update) {
      std::ofstream(expected_path, std::ios::binary) << actual;
      continue;
    }
    REQUIRE(fs::exists(expected_path));
    CHECK(actual == read(expected_path));
  }
}

TEST_CASE("json diagnostics carry 1-based lines and code-point columns", "[check]") {
  auto project = check_texts({{"q.perf", "source s \"来源\" {\n  名字: strin\n}\n"}});
  REQUIRE(project->diags.all().size() == 1);
  std::string json = render_json(project->diags.all()[0], *project->sources);
  // `strin` starts after two spaces, two CJK characters and ": " -> column 7 counted in code points.
  CHECK(json.find("\"code\":\"E0031\"") != std::string::npos);
  CHECK(json.find("\"line\":2,\"column\":7,\"end_line\":2,\"end_column\":12") != std::string::npos);
  CHECK(json.find("did you mean `string`?") != std::string::npos);
}

TEST_CASE("a count divided by a count of the same things is a ratio, as share(p) is", "[check]") {
  // docs/language-reference.md: `share(p)` (= `count(where p) / count()`), and a ratio is shown as a
  // percentage. None of these indicators declares a unit, so each value type is what the checker inferred.
  auto project = check_texts({{"units.perf", R"(source orders {
  time      ordered_at
  evidence  order_id

  order_id:    string required
  ordered_at:  timestamp required
  result:      enum(OK, NG)
  customer:    string
  region:      string
  amount:      number cny
}

indicator ng_share        { from orders; value count(where result == NG) / count() }
indicator filled_share    { from orders; value count(customer) / count() }
indicator ng_or_east      { from orders; value (count(where result == NG) + count(where region == "east")) / count() }
indicator ok_share        { from orders; value (count() - count(where result == NG)) / count() }
indicator repeat_share    { from orders; value count_distinct(customer where result == OK) / count_distinct(customer) }
indicator builtin_share   { from orders; value share(result == NG) }
indicator share_of_share  { from orders; value 1 - count(where result == NG) / count() }
indicator per_customer    { from orders; value count() / count_distinct(customer) }
indicator per_region      { from orders; value count_distinct(customer) / count_distinct(region) }
indicator in_points       { from orders; value 100 * count(where result == NG) / count() }
indicator avg_amount      { from orders; value sum(amount) / count() }
indicator plain_count     { from orders; value count(where result == NG) }
)"}});
  INFO(render_all(*project));
  REQUIRE(!project->diags.has_errors());
  auto unit_of = [&](std::string_view name) {
    int i = project->program.find_indicator(name);
    REQUIRE(i >= 0);
    const check::Type& t = project->program.indicators[i].value_type;
    CHECK(t.kind == check::TypeKind::Number);
    return check::type_name(t);
  };
  CHECK(unit_of("ng_share") == "percent");
  CHECK(unit_of("filled_share") == "percent");  // count(x) counts the rows where x is not null
  CHECK(unit_of("ng_or_east") == "percent");  // sums and differences of row counts are row counts
  CHECK(unit_of("ok_share") == "percent");
  CHECK(unit_of("repeat_share") == "percent");  // distinct values of the same column
  CHECK(unit_of("builtin_share") == "percent");
  CHECK(unit_of("share_of_share") == "percent");  // 1 - a ratio is a ratio (as before)
  CHECK(unit_of("per_customer") == "number");  // rows per customer: not a share
  CHECK(unit_of("per_region") == "number");  // customers per region: not a share
  CHECK(unit_of("in_points") == "number");  // already scaled to 0..100
  CHECK(unit_of("avg_amount") == "number in cny");
  CHECK(unit_of("plain_count") == "number");
}

TEST_CASE("every diagnostic kind has a golden file that shows it", "[golden][check]") {
  // Every kind of every layer, gathered from the registries themselves.
  std::vector<const DiagKind*> kinds;
#define JX_DIAG(Name, Code, Sev, Summary) kinds.push_back(&diag::Name);
#include "compiler/syntax/syntax_diagnostics.def"
#include "compiler/check/check_diagnostics.def"
#undef JX_DIAG
  REQUIRE(!kinds.empty());

  std::set<std::string> shown;
  for (auto& input : golden_inputs()) {
    fs::path expected = input;
    expected.replace_extension(".diagnostics");
    if (!fs::exists(expected)) continue;
    std::string text = read(expected);
    for (const DiagKind* k : kinds)
      if (text.find(fmt::format("[{}]", k->code)) != std::string::npos) shown.insert(std::string(k->code));
  }

  std::string missing;
  std::set<std::string> codes;
  for (const DiagKind* k : kinds) {
    INFO(k->name);
    CHECK(codes.insert(std::string(k->code)).second);  // a code belongs to one kind only
    if (!shown.count(std::string(k->code))) missing += fmt::format("  {} {}\n", k->code, k->name);
  }
  INFO("kinds without a golden test (add tests/golden/check/fail_<name>.perf or warn_<name>.perf):\n" << missing);
  CHECK(missing.empty());
}

TEST_CASE("owners are checked against roles only in a project that declares roles", "[check]") {
  // The language's examples of chain nodes and indicators name owners (`owner marketing`) without declaring
  // them; once a project declares roles, an indicator's owner must be one of them (W0005, docs/decisions.md).
  const std::string rules = R"(source people {
  employee_id:  string required
  title:        string
  line:         string
}
source inspections {
  time  inspected_at
  inspected_at:  timestamp required
  line:          string
}
indicator inspected {
  from   inspections
  value  count()
  by     line
  owner  quality_engineer
}
)";
  auto free_owner = check_texts({{"a.perf", rules}});
  INFO(render_all(*free_owner));
  CHECK(free_owner->diags.all().empty());

  auto declared =
      check_texts({{"a.perf", rules}, {"roles.perf", "role quality_engineer {\n  from   people\n  scope  line\n}\n"}});
  INFO(render_all(*declared));
  CHECK(declared->diags.all().empty());

  auto other_role =
      check_texts({{"a.perf", rules}, {"roles.perf", "role line_leader {\n  from   people\n  scope  line\n}\n"}});
  REQUIRE(other_role->diags.all().size() == 1);
  CHECK(other_role->diags.all()[0].kind == &diag::OwnerNotARole);
  CHECK(!other_role->diags.has_errors());
}

TEST_CASE("a view may show what its role may read", "[check]") {
  // No `visible to`: everyone may read; listed: the role is among them. Neither is reported.
  auto project = check_texts({{"v.perf", R"(source people {
  employee_id:  string required
  line:         string
}
source output {
  time  at
  at:    timestamp required
  line:  string
}
role line_leader {
  from   people
  scope  line
}
role plant_manager {
  from  people
}
indicator units {
  from   output
  value  count()
  by     line
  every  day
}
indicator restricted {
  from     output
  value    count()
  by       line
  every    day
  owner    plant_manager
  visible  to plant_manager, line_leader
}
alert few_units {
  when  restricted < 10
}
view line_board {
  for     line_leader
  show    units, restricted
  alerts  few_units
}
)"}});
  INFO(render_all(*project));
  CHECK(project->diags.all().empty());
}

// One width table for the formatter, the caret and the tables (compiler/source/unicode.h): an emoji
// before the error takes two columns, so the caret stands under `nope`, not two columns to its left.
TEST_CASE("the caret after an emoji and CJK text is under the span", "[diagnostics][unicode]") {
  auto project = jixiao::check_texts({{"rules/p.perf", "indicator a \"😀指标\" { from nope; value count() }\n"}});
  REQUIRE(project->diags.has_errors());
  const std::string text = render_text(project->diags.all().front(), *project->sources);
  INFO(text);
  // `indicator a "` is 13 columns, 😀 2, 指标 4, `" { from ` 9: the caret starts at column 28, after
  // the gutter `  | ` (the line number has one digit).
  const size_t caret = text.find('^');
  REQUIRE(caret != std::string::npos);
  const size_t line_start = text.rfind('\n', caret) + 1;
  CHECK(text.substr(line_start, caret - line_start) == "  | " + std::string(13 + 2 + 4 + 9, ' '));
  CHECK(text.substr(caret, 5) == "^^^^\n");
  CHECK(jixiao::display_width("😀指标") == 6);
  CHECK(jixiao::display_width("e\u0301") == 1);
}
