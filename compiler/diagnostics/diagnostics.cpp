#include "compiler/diagnostics/diagnostics.h"

#include <algorithm>
#include <tuple>

namespace jixiao {

Diagnostic& DiagnosticSink::report(const DiagKind& kind, Span span, std::string message) {
  if (kind.severity == Severity::Error) ++errors_;
  items_.push_back(Diagnostic{&kind, std::move(message), span, {}});
  return items_.back();
}

void DiagnosticSink::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.span.file, a.span.begin, a.kind->code) < std::tie(b.span.file, b.span.begin, b.kind->code);
  });
}

namespace {
size_t edit_distance(std::u32string_view a, std::u32string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::string closest_name(std::string_view name, const std::vector<std::string>& candidates) {
  std::u32string a = decode_utf8(name);
  size_t limit = std::max<size_t>(1, a.size() / 3);
  std::string best;
  size_t best_d = limit + 1;
  for (const auto& c : candidates) {
    if (c == name) continue;
    size_t d = edit_distance(a, decode_utf8(c));
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

}  // namespace jixiao
