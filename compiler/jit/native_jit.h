// Machine code for indicator kernels: the IR of IndicatorSpecs (codegen.h) in one module, optimised for
// the host CPU -> an object file in the JIT (and in the on-disk cache, object_cache.h). native_jit.cpp
// includes LLVM's headers; nothing LLVM appears here.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "compiler/jit/kernel_spec.h"
#include "runtime/kernel_abi.h"

namespace jixiao::jit {

struct CompileOptions {
  std::string cache_dir;  // where compiled objects are kept; empty: no cache
};

struct CompileStats {
  bool from_cache = false;
  size_t kernels = 0;
  double build_ms = 0;  // IR construction
  double optimise_ms = 0;
  double codegen_ms = 0;
  double load_ms = 0;  // reading the cache, linking into the JIT, finding the symbols
  double total_ms = 0;
  size_t object_bytes = 0;
  std::string cache_file;  // the object's file in the cache, when there is a cache
  std::string cache_note;  // why the cache could not be read or written, when it could not
};

// The code of one rule set inside the JIT: its own JITDylib and resource tracker, released (and the
// memory freed) when this goes away. Must not outlive the NativeJit that made it.
class LoadedKernels {
 public:
  virtual ~LoadedKernels() = default;
  // The kernel of specs[i] as passed to NativeJit::load.
  virtual rt::KernelFns kernel(size_t i) const = 0;
};

// One ORC LLJIT for the host, shared by every rule set a process loads.
class NativeJit {
 public:
  // A failure when the host target cannot be set up.
  static Result<std::unique_ptr<NativeJit>> create();
  ~NativeJit();
  NativeJit(const NativeJit&) = delete;
  NativeJit& operator=(const NativeJit&) = delete;

  // All specs as one module: loaded from the cache when a previous run compiled the same kernels for
  // this CPU and LLVM version, else compiled (and cached).
  Result<std::unique_ptr<LoadedKernels>> load(const std::vector<const IndicatorSpec*>& specs,
                                              const CompileOptions& options, CompileStats& stats);
  // `x86_64-pc-linux-gnu skylake LLVM 16.0.6`: what compiled code is specialised for.
  const std::string& host() const;

  struct Impl;

 private:
  explicit NativeJit(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jixiao::jit
