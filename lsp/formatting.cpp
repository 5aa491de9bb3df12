// Formatting: the canonical formatter, exactly as `jixiao fmt` applies it (cli/cmd_fmt.cpp): a file
// with syntax errors is left as it is, since formatting it could lose what was meant.
#include "compiler/ast/format.h"
#include "lsp/features.h"

namespace jixiao::lsp {

json formatting(const Request& r, const json& params) {
  auto file = document_of(r.snap, params);
  if (!file) return nullptr;
  if (r.snap.syntax_errors[*file]) return json::array();
  const SourceFile& src = r.snap.source(*file);
  std::string formatted = ast::format_file(r.snap.ast(*file), src);
  const std::string& text = r.snap.files[*file].text;
  if (formatted == text) return json::array();
  // One edit over the whole text: the formatter's output is the file, and editors diff it themselves.
  return json::array(
      {{{"range", range_json(Position{}, position_of_byte(text, text.size()))}, {"newText", formatted}}});
}

}  // namespace jixiao::lsp
