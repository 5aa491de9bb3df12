// The JIT as the CLI and the daemon use it: compile a program plan's indicator loops into machine code
// (one module per rule set, cached on disk) and hand them to the runtime as a KernelProvider: each
// kernel's entry points with its layout, which the runtime binds to a table (runtime/kernel_binding.h).
// Whatever cannot be compiled is left to the interpreter, with the reason in notes().
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "compiler/jit/kernel_spec.h"
#include "compiler/jit/native_jit.h"
#include "compiler/plan/plan.h"
#include "runtime/kernel_abi.h"
#include "runtime/kernels.h"
#include "runtime/time/time.h"

namespace jixiao::jit {

// Where compiled kernels are cached: $JIXIAO_CACHE_DIR, else $XDG_CACHE_HOME/jixiao, else
// $HOME/.cache/jixiao. Empty (no cache) when JIXIAO_CACHE_DIR is set to the empty string or there is
// no home.
std::string default_cache_dir();

struct JitOptions {
  std::string cache_dir;  // empty: no cache
};

// What became of one indicator (or one row alert's or chain node's selection).
struct IndicatorNote {
  int indicator = -1;  // the alert's or the chain's index for those kinds
  ScanKind kind = ScanKind::Indicator;
  std::string name;  // a chain node's is `chain.node`
  bool compiled = false;
  std::string reason;  // why it stays with the interpreter
};

// The compiled kernels of one rule set (one program plan).
class ProgramKernels : public rt::KernelProvider {
 public:
  std::unique_ptr<rt::IndicatorKernel> indicator(int index, const rt::Table& table) override;
  std::unique_ptr<rt::IndicatorKernel> row_alert(int index, const rt::Table& table) override;
  std::unique_ptr<rt::IndicatorKernel> chain_node(int chain, int node, const rt::Table& source) override;

  const std::vector<IndicatorNote>& notes() const { return notes_; }
  const CompileStats& stats() const { return stats_; }
  size_t compiled_count() const { return kernels_.size() + alert_kernels_.size() + node_kernels_.size(); }
  // Set when machine code could not be made at all (everything is interpreted then).
  const std::string& error() const { return error_; }

 private:
  friend class Jit;
  struct Kernel {
    rt::KernelLayout layout;
    rt::KernelFns fns;
  };
  rt::TimeZone tz_ = rt::TimeZone::utc();  // the project's: binding reads time constants and local times in it
  std::vector<IndicatorNote> notes_;

  std::map<int, Kernel> kernels_;  // by indicator
  std::map<int, Kernel> alert_kernels_;  // by alert
  std::map<std::pair<int, int>, Kernel> node_kernels_;  // by chain and node
  std::unique_ptr<LoadedKernels> code_;
  CompileStats stats_;
  std::string error_;
};

// A JIT session: one LLJIT for the process; every rule set compiled by it gets its own resource
// tracker, released when its ProgramKernels goes away (ProgramKernels must not outlive the Jit).
class Jit {
 public:
  // A failure when the host target cannot be set up.
  static Result<std::unique_ptr<Jit>> create();
  // Never fails: what cannot be compiled runs in the interpreter, and notes() says so.
  std::unique_ptr<ProgramKernels> compile(const plan::ProgramPlan& plan, const rt::TimeZone& tz,
                                          const JitOptions& options);
  const std::string& host() const { return native_->host(); }

 private:
  std::unique_ptr<NativeJit> native_;
};

}  // namespace jixiao::jit
