// Indicator kernels as LLVM IR: IndicatorSpecs -> a select and an update function each, in one LLVM
// module that native_jit.h optimises for the host CPU, compiles and links. codegen.cpp includes LLVM's
// headers; nothing LLVM appears here but a declaration of llvm::Module. The entry points it makes and
// the argument slots it reads are the kernel ABI (runtime/kernel_abi.h).
#pragma once
#include <string>
#include <vector>

#include "base/result.h"
#include "compiler/jit/kernel_spec.h"

namespace llvm {
class Module;
}

namespace jixiao::jit {

// Bump when the generated code changes for the same specs (the IR here, or the optimisation and code
// generation in native_jit.cpp): cached objects of older versions are then never used.
extern const char* const kCodegenVersion;

// The names of a spec's entry points in the module, and so in the JIT.
std::string select_name(const IndicatorSpec& s);
std::string update_name(const IndicatorSpec& s);

// Adds the entry points of every spec to `m` (whose data layout and target triple are set), tuned for
// `cpu` with `features` (LLVM's names), and verifies the module. A failure when the module is malformed
// (a bug in the emitter, which the runtime survives by interpreting).
Result<void> emit_kernels(llvm::Module& m, const std::vector<const IndicatorSpec*>& specs, const std::string& cpu,
                          const std::string& features);

}  // namespace jixiao::jit
