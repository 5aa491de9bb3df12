// `jixiao lsp`: the server over stdin/stdout. One thread reads and frames messages; the server runs
// on another, with a large stack, taking every message that arrived meanwhile as one batch (so an
// edit that overtakes a pending request cancels it) and waking for debounced work.
#pragma once
#include <iosfwd>

#include "lsp/server.h"

namespace jixiao::lsp {

// Returns the process exit code LSP prescribes: 0 after shutdown + exit, 1 otherwise.
int run_stdio(std::istream& in, std::ostream& out, ServerOptions options = {});

}  // namespace jixiao::lsp
