// Signature help for builtin calls, from the stdlib registry's signatures.
#include "lsp/cursor_context.h"
#include "lsp/features.h"
#include "stdlib/builtins.h"

namespace jixiao::lsp {

namespace {
// The parameters of a registry signature as [begin, end) offsets in it: `round(x [, n])` has `x`
// and `n`; an optional part written `[, n]` is a parameter of its own.
std::vector<std::pair<size_t, size_t>> parameters(std::string_view sig) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t open = sig.find('(');
  if (open == std::string_view::npos) return out;
  int parens = 0, brackets = 0;
  size_t start = open + 1;
  auto piece = [&](size_t end) {
    size_t b = start, e = end;
    while (b < e && (sig[b] == ' ' || sig[b] == '[' || sig[b] == ',')) ++b;
    while (e > b && (sig[e - 1] == ' ' || sig[e - 1] == ']')) --e;
    if (e > b) out.emplace_back(b, e);
  };
  for (size_t i = open + 1; i < sig.size(); ++i) {
    char c = sig[i];
    if (c == '(')
      ++parens;
    else if (c == ')' && parens-- == 0) {
      piece(i);
      break;
    } else if (c == '[') {
      size_t next = sig.find_first_not_of(' ', i + 1);
      if (next != std::string_view::npos && sig[next] == ',') {  // `[, n]`: a new optional parameter
        piece(i);
        start = next + 1;
        i = next;
      } else if (sig.substr(start, i - start).find_first_not_of(' ') != std::string_view::npos) {
        // `q [where p]`: an aggregate's filter follows the parameter; it is not one itself.
        piece(i);
        size_t close = sig.find(']', i);
        if (close == std::string_view::npos) break;
        i = close;
        start = close + 1;
      } else {
        ++brackets;
      }
    } else if (c == ']') {
      if (brackets > 0) --brackets;
    } else if (c == ',' && parens == 0 && brackets == 0) {
      piece(i);
      start = i + 1;
    }
  }
  return out;
}
}  // namespace

json signature_help(const Request& r, const json& params) {
  auto file = document_of(r.snap, params);
  if (!file || !params.contains("position")) return nullptr;
  const std::string& text = r.snap.files[*file].text;
  CursorContext ctx = cursor_context(text, byte_offset(text, position_from_json(params["position"])));
  if (ctx.in_comment || ctx.in_string) return nullptr;
  // The innermost call still open at the cursor, and how many of its arguments are behind us.
  int depth = 0, brackets = 0, commas = 0;
  for (size_t i = 0; i < ctx.statement.size(); ++i) {
    const TextToken* t = ctx.back(i);
    if (t->text == ")")
      ++depth;
    else if (t->text == "]")
      ++brackets;
    else if (t->text == "[")
      brackets = std::max(0, brackets - 1);
    else if (t->text == "," && depth == 0 && brackets == 0)
      ++commas;
    else if (t->text == "(") {
      if (depth > 0) {
        --depth;
        continue;
      }
      const TextToken* callee = ctx.back(i + 1);
      const stdlib::Builtin* b = callee ? stdlib::find_builtin(callee->text) : nullptr;
      if (!b) return nullptr;
      std::string sig(b->signature);
      json ps = json::array();
      auto ranges = parameters(sig);
      for (auto [pb, pe] : ranges)
        ps.push_back({{"label", {utf16_length(sig.substr(0, pb)), utf16_length(sig.substr(0, pe))}}});
      int active = ranges.empty() ? 0 : std::min<int>(commas, static_cast<int>(ranges.size()) - 1);
      json info = {{"label", sig}, {"documentation", markup(r.caps, std::string(b->doc))}, {"parameters", ps}};
      return json{{"signatures", json::array({info})}, {"activeSignature", 0}, {"activeParameter", active}};
    }
  }
  return nullptr;
}

}  // namespace jixiao::lsp
