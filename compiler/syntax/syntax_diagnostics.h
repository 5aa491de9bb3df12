#pragma once
#include "compiler/diagnostics/diagnostics.h"

namespace jixiao::diag {
#define JX_DIAG(Name, Code, Sev, Summary) inline constexpr DiagKind Name{#Name, Code, Severity::Sev, Summary};
#include "compiler/syntax/syntax_diagnostics.def"
#undef JX_DIAG
}  // namespace jixiao::diag
