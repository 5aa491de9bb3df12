#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/source/unicode.h"

namespace jixiao {

namespace {
const char* severity_word(Severity s) { return s == Severity::Error ? "error" : "warning"; }

std::string expand_tabs(std::string_view line) {
  std::string out;
  for (char c : line) out += c == '\t' ? std::string("    ") : std::string(1, c);
  return out;
}
}  // namespace

std::string render_text(const Diagnostic& d, const SourceSet& sources, bool color) {
  const char* bold = color ? "\x1b[1m" : "";
  const char* red = color ? (d.is_error() ? "\x1b[1;31m" : "\x1b[1;33m") : "";
  const char* blue = color ? "\x1b[1;34m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  std::string out = fmt::format("{}{}[{}]{}{}: {}{}\n", red, severity_word(d.kind->severity), d.kind->code, reset, bold,
                                d.message, reset);
  if (d.span.valid()) {
    const SourceFile& f = sources.file(d.span.file);
    LineCol lc = f.line_col(d.span.begin);
    LineCol end = f.line_col(d.span.end);
    std::string gutter(std::to_string(lc.line).size(), ' ');
    out += fmt::format("{}{}-->{} {}:{}:{}\n", gutter, blue, reset, f.path(), lc.line, lc.column);
    out += fmt::format("{} {}|{}\n", gutter, blue, reset);
    std::string_view line = f.line_text(lc.line);
    out += fmt::format("{}{} |{} {}\n", blue, lc.line, reset, expand_tabs(line));
    // The caret runs to the span's end on this line (at least one column).
    size_t width = end.line == lc.line && end.column > lc.column ? end.column - lc.column : 1;
    if (end.line != lc.line) width = std::max<size_t>(1, utf8_length(line) + 1 - lc.column);
    // Pad by display width: tabs were expanded, wide CJK characters take two columns.
    std::string pad;
    std::u32string cps = decode_utf8(line);
    for (size_t i = 0; i + 1 < lc.column && i < cps.size(); ++i) {
      char32_t c = cps[i];
      pad += c == '\t' ? std::string("    ") : std::string(static_cast<size_t>(char_width(c)), ' ');
    }
    out += fmt::format("{} {}|{} {}{}{}{}\n", gutter, blue, reset, pad, red, std::string(width, '^'), reset);
  }
  for (const auto& n : d.notes) {
    if (n.span.valid()) {
      const SourceFile& f = sources.file(n.span.file);
      LineCol lc = f.line_col(n.span.begin);
      out += fmt::format("  = note: {} ({}:{}:{})\n", n.message, f.path(), lc.line, lc.column);
    } else {
      out += fmt::format("  = note: {}\n", n.message);
    }
  }
  return out;
}

std::string render_json(const Diagnostic& d, const SourceSet& sources) {
  nlohmann::ordered_json j;
  j["severity"] = severity_word(d.kind->severity);
  j["code"] = d.kind->code;
  j["message"] = d.message;
  if (d.span.valid()) {
    const SourceFile& f = sources.file(d.span.file);
    LineCol b = f.line_col(d.span.begin), e = f.line_col(d.span.end);
    j["file"] = f.path();
    j["line"] = b.line;
    j["column"] = b.column;
    j["end_line"] = e.line;
    j["end_column"] = e.column;
  } else {
    j["file"] = nullptr;
    j["line"] = nullptr;
    j["column"] = nullptr;
  }
  auto notes = nlohmann::ordered_json::array();
  for (const auto& n : d.notes) {
    nlohmann::ordered_json jn;
    jn["message"] = n.message;
    if (n.span.valid()) {
      const SourceFile& f = sources.file(n.span.file);
      LineCol lc = f.line_col(n.span.begin);
      jn["file"] = f.path();
      jn["line"] = lc.line;
      jn["column"] = lc.column;
    }
    notes.push_back(jn);
  }
  j["notes"] = notes;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace jixiao
