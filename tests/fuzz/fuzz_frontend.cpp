// libFuzzer target for the front-end: any bytes as a `.perf` file must parse, check and (when they
// parse) format without crashing, and formatting must be idempotent.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "compiler/ast/format.h"
#include "compiler/frontend/frontend.h"
#include "compiler/syntax/syntax.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto project = jixiao::check_texts({{"fuzz.perf", text}});
  const auto& file = project->program.files.at(0);
  if (file.had_syntax_errors) return 0;
  std::string once = jixiao::ast::format_file(file, project->sources->file(0));
  jixiao::SourceSet again;
  jixiao::FileId id = again.add("fuzz.perf", once);
  jixiao::DiagnosticSink diags;
  jixiao::ast::File reparsed = jixiao::syntax::parse_file(again, id, diags);
  if (diags.has_errors()) std::abort();  // the formatter produced text that does not parse
  if (jixiao::ast::format_file(reparsed, again.file(id)) != once) std::abort();  // not idempotent
  return 0;
}
