// Diagnostics: kinds with stable codes, a primary span, a lowercase message and labelled notes.
//
// Each layer lists the kinds it emits in its own `*_diagnostics.def` file next to the code that emits
// them (X-macro `JX_DIAG(Name, "E0000", severity, "summary")`); `all_kinds.h` gathers every list so the
// docs and the golden-test completeness check see them all. A code is never reused.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "compiler/source/source.h"

namespace jixiao {

enum class Severity { Error, Warning };

struct DiagKind {
  std::string_view name;  // e.g. UnknownColumn
  std::string_view code;  // e.g. E0007: stable forever
  Severity severity;
  std::string_view summary;  // one line for the reference docs
};

struct DiagNote {
  std::string message;
  Span span;  // may be invalid: a note without a place
};

struct Diagnostic {
  const DiagKind* kind;
  std::string message;
  Span span;
  std::vector<DiagNote> notes;
  bool is_error() const { return kind->severity == Severity::Error; }
};

// Where the phases put what they find. Phases never stop at the first problem.
class DiagnosticSink {
 public:
  Diagnostic& report(const DiagKind& kind, Span span, std::string message);
  const std::vector<Diagnostic>& all() const { return items_; }
  bool has_errors() const { return errors_ > 0; }
  size_t error_count() const { return errors_; }
  size_t warning_count() const { return items_.size() - errors_; }
  // Sorts by file, position and code so that output is deterministic whatever the phase order.
  void sort();
  void clear() {
    items_.clear();
    errors_ = 0;
  }

 private:
  std::vector<Diagnostic> items_;
  size_t errors_ = 0;
};

// "did you mean" support: the candidate closest to `name` by edit distance, if close enough.
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

// Renders like rustc: `error[E0007]: message`, ` --> file:line:col`, the line and a caret underline.
std::string render_text(const Diagnostic& d, const SourceSet& sources, bool color = false);
// One JSON object (one line) as docs/cli.md gives for `check --format json`.
std::string render_json(const Diagnostic& d, const SourceSet& sources);

}  // namespace jixiao
