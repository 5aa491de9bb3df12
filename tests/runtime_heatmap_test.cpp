// Tests for runtime/heatmap (the grid model: case order, cells, colours per band and status, weekly
// averages, the palette) and report/heatmap (the terminal and SVG views, CJK-aware widths, well-formed SVG).
//
// The step rows are those of examples/lead-funnel at as_of 2025-07-08T12:00 (Asia/Shanghai), as
// `jixiao run` prints them; the chain has bands green <= 2h, yellow <= 8h, red > 8h.
#define CATCH_CONFIG_ENABLE_OPTIONAL_STRINGMAKER
#include <catch2/catch.hpp>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "compiler/source/unicode.h"
#include "report/escape.h"
#include "report/heatmap.h"
#include "runtime/heatmap.h"
#include "runtime/table.h"
#include "runtime/time/time.h"

using namespace jixiao::rt;
using namespace jixiao::rt::heatmap;
using namespace jixiao::report;
using namespace jixiao::report::heatmap;
using jixiao::display_width;
using jixiao::plan::BandPlan;
using jixiao::plan::ChainPlan;
using jixiao::plan::NodePlan;
using jixiao::plan::PlanOp;

namespace {

const TimeZone& shanghai() {
  static const TimeZone tz = *TimeZone::find("Asia/Shanghai");
  return tz;
}
Micros at(const char* local) { return *parse_timestamp(local, shanghai()); }
constexpr Micros H = kMicrosPerHour, M = kMicrosPerMinute, S = kMicrosPerSecond;

ChainPlan lead_chain() {
  ChainPlan c;
  c.name = "lead_lifecycle";
  auto node = [](const char* name, const char* label) {
    NodePlan n;
    n.name = name;
    n.label = label;
    return n;
  };
  c.nodes = {node("submitted", "官网表单提交"), node("screened", "销售初筛"), node("solution", "技术方案沟通"),
             node("contract", "合同评审")};
  c.bands = {BandPlan{"green", PlanOp::Le, 2 * H}, BandPlan{"yellow", PlanOp::Le, 8 * H},
             BandPlan{"red", PlanOp::Gt, 8 * H}};
  return c;
}

// A step table with the columns the heatmap reads (the others of a chain's table are not needed).
struct Steps {
  Table t;
  explicit Steps(const ChainPlan& c) {
    TableSpec spec;
    spec.name = c.name;
    std::vector<std::string> nodes;
    for (auto& n : c.nodes) nodes.push_back(n.name);
    spec.columns = {
        {"lead_id", ColumnKind::String, true, {}},
        {"node", ColumnKind::Enum, true, nodes},
        {"started_at", ColumnKind::Timestamp, false, {}},
        {"elapsed", ColumnKind::Duration, false, {}},
        {"status", ColumnKind::Enum, true, {"on_time", "late", "pending", "overdue", "skipped", "not_started"}},
        {"band", ColumnKind::String, false, {}}};
    t = Table::empty(spec);
  }
  void add(const char* id, const char* node, std::optional<Micros> started, std::optional<Micros> elapsed,
           const char* status, const char* band) {
    auto& c = t.columns;
    c[0].push_string(id);
    c[1].push_string(node);
    if (started)
      c[2].push_int(*started);
    else
      c[2].push_null();
    if (elapsed)
      c[3].push_int(*elapsed);
    else
      c[3].push_null();
    c[4].push_string(status);
    if (*band)
      c[5].push_string(band);
    else
      c[5].push_null();
    t.row_number.push_back(t.rows() + 1);
  }
};

// The example's rows, in the table's order (by case id, then node).
Table lead_steps(const ChainPlan& c) {
  Steps s(c);
  s.add("L1", "submitted", at("2025-07-07T09:00"), 0, "on_time", "green");
  s.add("L1", "screened", at("2025-07-07T09:00"), 1 * H + 30 * M, "on_time", "green");
  s.add("L1", "solution", at("2025-07-07T10:30"), 5 * H, "on_time", "yellow");
  s.add("L1", "contract", at("2025-07-07T16:30"), 4 * H + 30 * M, "pending", "yellow");
  s.add("L2", "submitted", at("2025-07-07T11:00"), 0, "on_time", "green");
  s.add("L2", "screened", at("2025-07-07T11:00"), 2 * H + 30 * M, "late", "yellow");
  s.add("L2", "solution", at("2025-07-07T14:30"), 6 * H + 30 * M, "pending", "yellow");
  s.add("L2", "contract", std::nullopt, std::nullopt, "not_started", "");
  s.add("L3", "submitted", at("2025-07-04T17:00"), 0, "on_time", "green");
  s.add("L3", "screened", at("2025-07-04T17:00"), 12 * H, "overdue", "red");
  s.add("L3", "solution", std::nullopt, std::nullopt, "not_started", "");
  s.add("L3", "contract", std::nullopt, std::nullopt, "not_started", "");
  s.add("L4", "submitted", at("2025-07-08T09:15"), 0, "on_time", "green");
  s.add("L4", "screened", at("2025-07-08T09:15"), 45 * M, "on_time", "green");
  s.add("L4", "solution", at("2025-07-08T10:00"), 2 * H, "pending", "green");
  s.add("L4", "contract", std::nullopt, std::nullopt, "not_started", "");
  return s.t;
}

const LegendEntry& entry_of(const Grid& g, const Cell& c) {
  REQUIRE(c.entry >= 0);
  REQUIRE(static_cast<size_t>(c.entry) < g.legend.size());
  return g.legend[c.entry];
}

std::string ansi_fill(Rgb c) {
  return "\x1b[48;2;" + std::to_string(c.r) + ";" + std::to_string(c.g) + ";" + std::to_string(c.b) + "m";
}

// A minimal XML well-formedness check: one root element, every tag closed in order, attribute values
// quoted, only the five predefined entities or numeric references, no stray `<` or `&`.
std::string xml_problem(const std::string& s) {
  std::vector<std::string> stack;
  size_t roots = 0;
  auto name_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == ':' || c == '_';
  };
  auto check_entities = [](const std::string& text) -> std::string {
    for (size_t i = 0; (i = text.find('&', i)) != std::string::npos; ++i) {
      size_t semi = text.find(';', i);
      if (semi == std::string::npos) return "unterminated entity";
      std::string e = text.substr(i + 1, semi - i - 1);
      bool ok = e == "amp" || e == "lt" || e == "gt" || e == "quot" || e == "apos" ||
                (e.size() > 1 && e[0] == '#' && e.find_first_not_of("0123456789", 1) == std::string::npos);
      if (!ok) return "bad entity &" + e + ";";
    }
    return "";
  };
  size_t i = 0;
  while (i < s.size()) {
    size_t lt = s.find('<', i);
    std::string text = s.substr(i, lt == std::string::npos ? std::string::npos : lt - i);
    if (text.find('>') != std::string::npos) return "stray > in text";
    if (auto p = check_entities(text); !p.empty()) return p;
    if (!stack.empty() || text.find_first_not_of(" \n\t") == std::string::npos) {
    } else {
      return "text outside the root element";
    }
    if (lt == std::string::npos) break;
    size_t gt = s.find('>', lt);
    if (gt == std::string::npos) return "unterminated tag";
    std::string tag = s.substr(lt + 1, gt - lt - 1);
    i = gt + 1;
    if (tag.empty()) return "empty tag";
    if (tag[0] == '?' || tag[0] == '!') continue;
    if (tag[0] == '/') {
      std::string name = tag.substr(1);
      if (stack.empty() || stack.back() != name) return "mismatched </" + name + ">";
      stack.pop_back();
      continue;
    }
    bool self = tag.back() == '/';
    if (self) tag.pop_back();
    size_t n = 0;
    while (n < tag.size() && name_char(tag[n])) ++n;
    std::string name = tag.substr(0, n);
    if (name.empty()) return "tag without a name";
    // attributes: name="value" pairs
    size_t a = n;
    while (a < tag.size()) {
      while (a < tag.size() && tag[a] == ' ') ++a;
      if (a >= tag.size()) break;
      size_t eq = tag.find('=', a);
      if (eq == std::string::npos || eq + 1 >= tag.size() || tag[eq + 1] != '"')
        return "unquoted attribute in <" + name + ">";
      size_t close = tag.find('"', eq + 2);
      if (close == std::string::npos) return "unterminated attribute in <" + name + ">";
      std::string value = tag.substr(eq + 2, close - eq - 2);
      if (value.find('<') != std::string::npos) return "< in an attribute";
      if (auto p = check_entities(value); !p.empty()) return p;
      a = close + 1;
    }
    if (stack.empty()) ++roots;
    if (!self) stack.push_back(name);
  }
  if (!stack.empty()) return "unclosed <" + stack.back() + ">";
  if (roots != 1) return "expected one root element, found " + std::to_string(roots);
  return "";
}

// python3's XML parser over several documents, in one process (it is slow to start): 0 when it accepts
// them all, 77 when there is no python3, else an error.
int python_parse(const std::vector<std::string>& docs) {
  std::vector<std::filesystem::path> paths;
  std::string cmd =
      "command -v python3 >/dev/null 2>&1 || exit 77; "
      "python3 -c 'import sys, xml.dom.minidom as m; [m.parse(f) for f in sys.argv[1:]]'";
  for (size_t i = 0; i < docs.size(); ++i) {
    paths.push_back(std::filesystem::temp_directory_path() /
                    ("jixiao_heatmap_test_" + std::to_string(getpid()) + "_" + std::to_string(i) + ".svg"));
    std::ofstream(paths.back(), std::ios::binary) << docs[i];
    cmd += " '" + paths.back().string() + "'";
  }
  int rc = std::system(cmd.c_str());
  for (auto& p : paths) std::filesystem::remove(p);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

}  // namespace

TEST_CASE("heatmap: cases are ordered by the first node's start, then by case id", "[heatmap]") {
  ChainPlan c = lead_chain();
  Grid g = case_grid(c, lead_steps(c), "线索全生命周期", shanghai(), at("2025-07-08T12:00"));
  REQUIRE(g.rows.size() == 4);
  // L3 started Friday 07-04 17:00, L1 Monday 09:00, L2 Monday 11:00, L4 Tuesday 09:15.
  CHECK(g.rows[0].label == "L3");
  CHECK(g.rows[1].label == "L1");
  CHECK(g.rows[2].label == "L2");
  CHECK(g.rows[3].label == "L4");
  CHECK(g.rows[0].start == at("2025-07-04T17:00"));
  CHECK(g.title == "线索全生命周期");
  CHECK(g.case_column == "lead_id");
  CHECK(g.as_of_text == "2025-07-08T12:00:00+08:00");
  CHECK(g.node_labels == std::vector<std::string>{"官网表单提交", "销售初筛", "技术方案沟通", "合同评审"});

  // Ties on the start go by case id; a case whose first node has no start uses its earliest start;
  // a case with no start at all comes last.
  Steps s(c);
  s.add("B", "submitted", at("2025-07-07T09:00"), 0, "on_time", "green");
  s.add("C", "submitted", std::nullopt, std::nullopt, "skipped", "");
  s.add("C", "screened", at("2025-07-07T08:00"), 0, "on_time", "green");
  s.add("A", "submitted", at("2025-07-07T09:00"), 0, "on_time", "green");
  s.add("Z", "submitted", std::nullopt, std::nullopt, "not_started", "");
  s.add("D", "submitted", std::nullopt, std::nullopt, "not_started", "");
  Grid t = case_grid(c, s.t, "", shanghai(), at("2025-07-08T12:00"));
  std::vector<std::string> order;
  for (auto& r : t.rows) order.push_back(r.label);
  CHECK(order == std::vector<std::string>{"C", "A", "B", "D", "Z"});
  CHECK(t.title == "lead_lifecycle");  // no label: the name
  // Cells of nodes the table has no row for are empty and uncoloured.
  CHECK_FALSE(t.rows[1].cells[1].present);
  CHECK(t.rows[1].cells[1].entry == -1);
  CHECK(t.rows[1].cells[1].text.empty());
}

TEST_CASE("heatmap: cells show elapsed time, marks and the colour of their band or status", "[heatmap]") {
  ChainPlan c = lead_chain();
  Grid g = case_grid(c, lead_steps(c), "线索全生命周期", shanghai(), at("2025-07-08T12:00"));
  // Legend: the three bands in declared order, then grey for skipped / not started.
  REQUIRE(g.legend.size() == 4);
  CHECK(g.legend[0].key == "green");
  CHECK(g.legend[0].bound == "<= 2h");
  CHECK(g.legend[1].key == "yellow");
  CHECK(g.legend[2].key == "red");
  CHECK(g.legend[2].bound == "> 8h");
  CHECK(g.legend[3].kind == EntryKind::Inactive);
  CHECK(g.legend[0].swatch.fill == Rgb{0x57, 0xb3, 0x6a});
  CHECK(g.legend[1].swatch.fill == Rgb{0xf6, 0xcd, 0x4c});
  CHECK(g.legend[2].swatch.fill == Rgb{0xd9, 0x45, 0x3b});
  CHECK(g.legend[3].swatch == inactive_swatch());

  const Row& l3 = g.rows[0];
  CHECK(l3.cells[0].text == "0s");
  CHECK(entry_of(g, l3.cells[0]).key == "green");
  CHECK(l3.cells[1].text == "12h !");  // overdue
  CHECK(l3.cells[1].status == "overdue");
  CHECK(entry_of(g, l3.cells[1]).key == "red");
  CHECK(l3.cells[2].text == "-");  // not started
  CHECK(entry_of(g, l3.cells[2]).swatch == inactive_swatch());

  const Row& l1 = g.rows[1];
  CHECK(l1.cells[1].text == "1h 30m");
  CHECK(entry_of(g, l1.cells[1]).key == "green");
  CHECK(l1.cells[2].text == "5h");
  CHECK(entry_of(g, l1.cells[2]).key == "yellow");
  CHECK(l1.cells[3].text == "4h 30m *");  // pending
  CHECK(entry_of(g, l1.cells[3]).key == "yellow");

  const Row& l2 = g.rows[2];
  CHECK(l2.cells[1].text == "2h 30m");  // late: the band says so, no mark (it is reached)
  CHECK(entry_of(g, l2.cells[1]).key == "yellow");

  // Skipped cells are grey too and say so.
  Steps s(c);
  s.add("X", "submitted", at("2025-07-07T09:00"), 0, "on_time", "green");
  s.add("X", "screened", std::nullopt, std::nullopt, "skipped", "");
  s.add("X", "solution", at("2025-07-07T09:00"), 3 * H, "on_time", "yellow");
  Grid x = case_grid(c, s.t, "", shanghai(), at("2025-07-08T12:00"));
  CHECK(x.rows[0].cells[1].text == "skipped");
  CHECK(entry_of(x, x.rows[0].cells[1]).kind == EntryKind::Inactive);
}

TEST_CASE("heatmap: weekly rows average elapsed time per node, coloured by the average's band", "[heatmap]") {
  ChainPlan c = lead_chain();
  Grid g = week_grid(c, lead_steps(c), "线索全生命周期", shanghai(), at("2025-07-08T12:00"));
  REQUIRE(g.rows.size() == 2);
  CHECK(g.weekly);
  CHECK(g.case_column == "week");
  // 2025-W27 (06-30 .. 07-06): L3's submitted (0s) and screened (12h) rows started 07-04 17:00.
  const Row& w27 = g.rows[0];
  CHECK(w27.label == "2025-W27");
  CHECK(w27.start == at("2025-06-30T00:00"));
  CHECK(w27.cells[0].text == "0s (1)");
  CHECK(w27.cells[1].elapsed == 12 * H);
  CHECK(w27.cells[1].band == "red");
  CHECK(entry_of(g, w27.cells[1]).key == "red");
  CHECK_FALSE(w27.cells[2].present);  // L3 never reached solution: no row started that week
  CHECK_FALSE(w27.cells[3].present);
  // 2025-W28: screened (1h30m + 2h30m + 45m) / 3 = 4h45m / 3 = 1h35m, green;
  // solution (5h + 6h30m + 2h) / 3 = 13h30m / 3 = 4h30m, yellow; contract L1 only: 4h30m, yellow.
  const Row& w28 = g.rows[1];
  CHECK(w28.label == "2025-W28");
  CHECK(w28.cells[0].elapsed == 0);
  CHECK(w28.cells[0].count == 3);
  CHECK(w28.cells[1].elapsed == 1 * H + 35 * M);
  CHECK(w28.cells[1].text == "1h 35m (3)");
  CHECK(entry_of(g, w28.cells[1]).key == "green");
  CHECK(w28.cells[2].elapsed == 4 * H + 30 * M);
  CHECK(entry_of(g, w28.cells[2]).key == "yellow");
  CHECK(w28.cells[3].elapsed == 4 * H + 30 * M);
  CHECK(w28.cells[3].count == 1);
  // The not_started rows have no start and fall in no week, so no grey entry.
  for (auto& e : g.legend) CHECK(e.kind == EntryKind::Band);
}

TEST_CASE("heatmap: weekly averages round to the second and use the band of the rounded value", "[heatmap]") {
  ChainPlan c = lead_chain();
  Steps s(c);
  // Sunday 2025-07-13 23:30 local is still W28; Monday 07-14 00:10 is W29.
  s.add("A", "screened", at("2025-07-13T23:30"), 1 * S, "on_time", "green");
  s.add("B", "screened", at("2025-07-13T23:30"), 2 * S, "on_time", "green");
  s.add("C", "screened", at("2025-07-14T00:10"), 2 * H, "on_time", "green");
  s.add("D", "screened", at("2025-07-14T00:10"), 2 * H + 1 * S, "on_time", "yellow");
  Grid g = week_grid(c, s.t, "", shanghai(), at("2025-07-20T00:00"));
  REQUIRE(g.rows.size() == 2);
  CHECK(g.rows[0].label == "2025-W28");
  CHECK(g.rows[0].cells[1].elapsed == 2 * S);  // 1.5s rounds to 2s
  CHECK(g.rows[1].label == "2025-W29");
  // (2h + 2h 0m 1s) / 2 = 2h 0m 0.5s -> 2h 0m 1s, which is over 2h: yellow.
  CHECK(g.rows[1].cells[1].elapsed == 2 * H + 1 * S);
  CHECK(g.rows[1].cells[1].band == "yellow");
}

TEST_CASE("heatmap: other band names get stable, distinct palette colours; no band is its own colour", "[heatmap]") {
  CHECK(band_swatch("fast", {}) == band_swatch("fast", {}));
  Swatch fast = band_swatch("fast", {});
  Swatch again = band_swatch("fast", {fast.fill});  // taken: the next colour of the palette
  CHECK_FALSE(again.fill == fast.fill);
  CHECK(band_swatch("green", {}).fill == Rgb{0x57, 0xb3, 0x6a});
  CHECK(band_swatch("orange", {}) == band_swatch("orange", {band_swatch("orange", {}).fill}));  // named: fixed

  ChainPlan c = lead_chain();
  c.bands = {BandPlan{"quick", PlanOp::Lt, 1 * H}, BandPlan{"slow", PlanOp::Ge, 4 * H}};  // a gap: [1h, 4h)
  c.nodes[2].own_bands = true;
  c.nodes[2].bands = {BandPlan{"ok", PlanOp::Le, 10 * H}};
  Steps s(c);
  s.add("A", "submitted", at("2025-07-07T09:00"), 0, "on_time", "quick");
  s.add("A", "screened", at("2025-07-07T09:00"), 2 * H, "on_time", "");
  s.add("A", "solution", at("2025-07-07T11:00"), 5 * H, "on_time", "ok");
  Grid g = case_grid(c, s.t, "", shanghai(), at("2025-07-08T12:00"));
  REQUIRE(g.legend.size() == 4);
  CHECK(g.legend[0].key == "quick");
  CHECK(g.legend[1].key == "slow");
  CHECK(g.legend[2].key == "ok");  // a node's own band, after the chain's
  CHECK(g.legend[2].bound.empty());
  CHECK(g.legend[3].kind == EntryKind::NoBand);
  CHECK(g.legend[3].swatch == no_band_swatch());
  CHECK_FALSE(g.legend[0].swatch.fill == g.legend[1].swatch.fill);
  CHECK_FALSE(g.legend[1].swatch.fill == g.legend[2].swatch.fill);
  CHECK_FALSE(g.legend[0].swatch.fill == g.legend[2].swatch.fill);
  CHECK(entry_of(g, g.rows[0].cells[1]).kind == EntryKind::NoBand);
  // Same names, same colours, in another run.
  Grid again_grid = case_grid(c, s.t, "", shanghai(), at("2025-07-08T12:00"));
  for (size_t k = 0; k < g.legend.size(); ++k) CHECK(again_grid.legend[k].swatch == g.legend[k].swatch);
}

TEST_CASE("heatmap: display width counts CJK as two columns", "[heatmap]") {
  CHECK(display_width("L1") == 2);
  CHECK(display_width("销售初筛") == 8);
  CHECK(display_width("官网表单提交") == 12);
  CHECK(display_width("ｱ") == 1);  // halfwidth katakana
  CHECK(display_width("Ａ") == 2);  // fullwidth A
  CHECK(display_width("e\u0301") == 1);  // combining acute accent
  CHECK(display_width("한국") == 4);
}

TEST_CASE("heatmap: terminal view aligns CJK headers and uses the legend's colours", "[heatmap]") {
  ChainPlan c = lead_chain();
  Grid g = case_grid(c, lead_steps(c), "线索全生命周期", shanghai(), at("2025-07-08T12:00"));

  std::string plain = render_terminal(g, TerminalOptions{.color = false});
  CHECK(plain.find('\x1b') == std::string::npos);
  std::vector<std::string> lines;
  for (size_t i = 0; i < plain.size();) {
    size_t nl = plain.find('\n', i);
    lines.push_back(plain.substr(i, nl - i));
    i = nl + 1;
  }
  // lines: summary, blank, header, L3, L1, L2, L4, blank, legend, marks
  REQUIRE(lines.size() >= 10);
  CHECK(lines[0] == "线索全生命周期 (lead_lifecycle), 4 cases, as of 2025-07-08T12:00:00+08:00");
  const std::string& header = lines[2];
  auto column_of = [](const std::string& line, const std::string& what) {
    size_t at = line.find(what);
    REQUIRE(at != std::string::npos);
    return display_width(line.substr(0, at));
  };
  // Each node's label starts in the column where its cells' text starts.
  CHECK(column_of(header, "销售初筛") == column_of(lines[3], "12h !"));
  CHECK(column_of(header, "技术方案沟通") == column_of(lines[4], "5h yellow"));
  CHECK(column_of(header, "合同评审") == column_of(lines[4], "4h 30m * yellow"));
  CHECK(column_of(header, "合同评审") == column_of(lines[6], "-"));
  CHECK(lines[3].rfind("L3", 0) == 0);
  CHECK(lines[8].find("[green <= 2h]") != std::string::npos);
  CHECK(lines[8].find("[skipped / not started]") != std::string::npos);
  CHECK(lines[9].find("* pending") != std::string::npos);
  CHECK(lines[9].find("! overdue") != std::string::npos);

  std::string coloured = render_terminal(g, TerminalOptions{.color = true});
  std::string svg = render_svg(g);
  for (const auto& e : g.legend) {
    // The same colour in both views: the ANSI background and the SVG fill.
    CHECK(coloured.find(ansi_fill(e.swatch.fill)) != std::string::npos);
    CHECK(svg.find("fill=\"" + hex(e.swatch.fill) + "\"") != std::string::npos);
  }
  CHECK(coloured.find(ansi_fill({0x57, 0xb3, 0x6a}) + "\x1b[38;2;26;26;26m 0s") != std::string::npos);
  CHECK(svg.find("fill=\"#57b36a\"") != std::string::npos);
}

TEST_CASE("heatmap: the SVG is well-formed and self-contained, with labels, title and legend", "[heatmap]") {
  ChainPlan c = lead_chain();
  Grid g = case_grid(c, lead_steps(c), "线索全生命周期", shanghai(), at("2025-07-08T12:00"));
  std::string svg = render_svg(g);
  INFO(xml_problem(svg));
  CHECK(xml_problem(svg).empty());
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(svg.find("<title>线索全生命周期</title>") != std::string::npos);
  CHECK(svg.find(">销售初筛</text>") != std::string::npos);
  CHECK(svg.find(">screened</text>") != std::string::npos);
  CHECK(svg.find(">12h !</text>") != std::string::npos);
  CHECK(svg.find(">green &lt;= 2h</text>") != std::string::npos);
  CHECK(svg.find("2025-07-08T12:00:00+08:00") != std::string::npos);
  // Nothing fetched from elsewhere: no links, fonts, images or scripts.
  for (const char* bad : {"href", "@import", "url(", "<script", "<image", "@font-face"})
    CHECK(svg.find(bad) == std::string::npos);

  // Markup in names and labels is escaped.
  ChainPlan odd = lead_chain();
  odd.nodes[1].label = "<b>&\"'";
  Grid og = case_grid(odd, lead_steps(odd), "a < b & c", shanghai(), at("2025-07-08T12:00"));
  std::string osvg = render_svg(og);
  CHECK(xml_problem(osvg).empty());
  CHECK(osvg.find("&lt;b&gt;&amp;&quot;&#39;") != std::string::npos);

  Grid weekly = week_grid(c, lead_steps(c), "线索全生命周期", shanghai(), at("2025-07-08T12:00"));
  std::string wsvg = render_svg(weekly);
  CHECK(xml_problem(wsvg).empty());
  CHECK(wsvg.find(">2025-W28</text>") != std::string::npos);

  std::string html = render_html(g);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<title>线索全生命周期 - heatmap</title>") != std::string::npos);
  CHECK(html.find("<time>2025-07-08T12:00:00+08:00</time>") != std::string::npos);
  size_t from = html.find("<svg"), to = html.find("</svg>");
  REQUIRE(from != std::string::npos);
  REQUIRE(to != std::string::npos);
  std::string embedded = html.substr(from, to + 6 - from);
  CHECK(xml_problem(embedded).empty());
  for (const char* bad : {"<script", "<link", "src=", "@import", "url("}) CHECK(html.find(bad) == std::string::npos);

  // The minimal checker finds what it should.
  CHECK_FALSE(xml_problem("<svg><g></svg>").empty());
  CHECK_FALSE(xml_problem("<svg a=b></svg>").empty());
  CHECK_FALSE(xml_problem("<svg>&nbsp;</svg>").empty());

  int rc = python_parse({svg, osvg, wsvg, embedded});
  if (rc == 77) {
    WARN("python3 not found: the SVG was checked by the minimal checker only");
  } else {
    CHECK(rc == 0);
  }
}

TEST_CASE("heatmap: control characters in case ids are shown as escapes in the terminal", "[heatmap][escaping]") {
  CHECK(terminal_text("L1") == "L1");
  CHECK(terminal_text("线索") == "线索");
  CHECK(terminal_text("\x1b[2J\x1b]0;pwned\x07") == "\\x1b[2J\\x1b]0;pwned\\x07");  // clear screen, window title
  CHECK(terminal_text("a\tb\nc\x7f") == "a\\x09b\\x0ac\\x7f");
  CHECK(terminal_text("\xc2\x9b"
                      "31m") == "\\xc2\\x9b31m");  // C1 CSI as UTF-8
  CHECK(terminal_text("\x9b"
                      "31m\xc0\x9b") == "\\x9b31m\\xc0\\x9b");  // a lone CSI byte, an overlong ESC
  CHECK(display_width(terminal_text("\x1b[2J")) == 7);

  ChainPlan c = lead_chain();
  Steps s(c);
  s.add("\x1b[2J\x1b]0;pwned\x07", "submitted", at("2025-07-07T09:00"), 0, "on_time", "green");
  s.add("L2", "submitted", at("2025-07-07T11:00"), 0, "on_time", "green");
  Grid g = case_grid(c, s.t, "线索全生命周期", shanghai(), at("2025-07-08T12:00"));
  std::string plain = render_terminal(g, TerminalOptions{.color = false});
  CHECK(plain.find('\x1b') == std::string::npos);
  CHECK(plain.find('\x07') == std::string::npos);
  // The escaped id takes the columns it is shown in: the cells of both rows start in the same column.
  size_t first = plain.find("\\x1b[2J\\x1b]0;pwned\\x07 "), second = plain.find("\nL2 ");
  REQUIRE(first != std::string::npos);
  REQUIRE(second != std::string::npos);
  std::string row1 = plain.substr(first, plain.find('\n', first) - first),
              row2 = plain.substr(second + 1, plain.find('\n', second + 1) - second - 1);
  CHECK(row1.find(" 0s green") == row2.find(" 0s green"));
  // With colours, every escape sequence is one of ours (colours and reset).
  std::string coloured = render_terminal(g, TerminalOptions{.color = true});
  for (size_t i = 0; (i = coloured.find('\x1b', i)) != std::string::npos; ++i)
    CHECK((coloured.compare(i, 5, "\x1b[48;") == 0 || coloured.compare(i, 5, "\x1b[38;") == 0 ||
           coloured.compare(i, 4, "\x1b[0m") == 0));
  CHECK(coloured.find('\x07') == std::string::npos);
}

TEST_CASE("heatmap: case ids are escaped in SVG and HTML, bytes that are not UTF-8 replaced", "[heatmap][escaping]") {
  ChainPlan c = lead_chain();
  Steps s(c);
  s.add("<script>alert('x')</script>&\"", "submitted", at("2025-07-07T09:00"), 0, "on_time", "green");
  s.add("L\xff\x1b", "submitted", at("2025-07-07T11:00"), 0, "on_time", "green");
  Grid g = case_grid(c, s.t, "线索全生命周期", shanghai(), at("2025-07-08T12:00"));
  std::string svg = render_svg(g), html = render_html(g);
  for (const std::string& doc : {svg, html}) {
    CHECK(doc.find("<script") == std::string::npos);
    CHECK(doc.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;") != std::string::npos);
    CHECK(doc.find("L\xEF\xBF\xBD ") != std::string::npos);  // U+FFFD, then ESC as a space
    CHECK(doc.find('\xff') == std::string::npos);
  }
  CHECK(xml_problem(svg).empty());
  int rc = python_parse({svg});
  if (rc != 77) CHECK(rc == 0);
}
