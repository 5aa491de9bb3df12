// Every diagnostic kind of every layer, for the reference docs and the golden-test completeness check.
#pragma once
#include <vector>

#include "compiler/check/check_diagnostics.h"
#include "compiler/syntax/syntax_diagnostics.h"

namespace jixiao {

inline std::vector<const DiagKind*> all_diagnostic_kinds() {
  return {
#define JX_DIAG(Name, Code, Sev, Summary) &diag::Name,
#include "compiler/syntax/syntax_diagnostics.def"
#include "compiler/check/check_diagnostics.def"
#undef JX_DIAG
  };
}

}  // namespace jixiao
