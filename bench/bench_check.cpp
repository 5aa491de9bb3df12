// Front-end benchmark (issue 2): parse and check a generated project of about 5,000 lines.
// Usage: bench_check [lines=5000]. Prints the median of 7 runs.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "compiler/frontend/frontend.h"

namespace {

// One source and the indicators and alert over it: about 50 lines per block.
std::string block(int k) {
  std::string s = "/// Inspection results of plant " + std::to_string(k) + ".\n";
  s += "source inspections_" + std::to_string(k) + " \"抽检记录 " + std::to_string(k) +
       "\" {\n"
       "  system    \"MES\"\n  time      inspected_at\n  evidence  record_id\n  actor     inspector\n\n"
       "  record_id:    string required\n  batch_id:     string required\n  line:         string\n"
       "  inspector:    string\n  inspected_at: timestamp required\n  result:       enum(OK, NG)\n"
       "  weight:       number\n  scrap_cost:   number cny\n}\n\n";
  for (int i = 0; i < 3; ++i) {
    std::string name = "defect_rate_" + std::to_string(k) + "_" + std::to_string(i);
    s += "/// Share of failed cells.\nindicator " + name + " \"不良率\" {\n  from      inspections_" +
         std::to_string(k) +
         "\n  where     line != \"pilot\" and weight > 10\n  value     count(where result == NG) / count()\n"
         "  by        batch_id\n  every     day\n  unit      percent\n  target    <= 0.5%\n  evidence  at least "
         "1\n}\n\n";
  }
  s += "alert spike_" + std::to_string(k) + " {\n  when      defect_rate_" + std::to_string(k) +
       "_0 > 0.8% and defect_rate_" + std::to_string(k) + "_1 > 1%\n  severity  critical\n}\n\n";
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  int target_lines = argc > 1 ? std::stoi(argv[1]) : 5000;
  std::string text = "project bench { timezone \"Asia/Shanghai\" }\n\n";
  int lines = 2, k = 0;
  while (lines < target_lines) {
    std::string b = block(k++);
    lines += static_cast<int>(std::count(b.begin(), b.end(), '\n'));
    text += b;
  }
  std::vector<double> ms;
  for (int run = 0; run < 7; ++run) {
    auto t0 = std::chrono::steady_clock::now();
    auto project = jixiao::check_texts({{"bench.perf", text}});
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (!project->diags.all().empty()) {
      std::fprintf(stderr, "the generated project has diagnostics\n");
      return 1;
    }
  }
  std::sort(ms.begin(), ms.end());
  std::printf("| check a generated project | %d lines, %d declarations | median %.1f ms (min %.1f, max %.1f) |\n",
              lines, k * 5, ms[3], ms[0], ms[6]);
  return 0;
}
