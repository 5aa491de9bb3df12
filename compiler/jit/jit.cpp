#include "compiler/jit/jit.h"

#include <cstdlib>
#include <utility>

#include "runtime/kernel_binding.h"

namespace jixiao::jit {

std::string default_cache_dir() {
  if (const char* dir = std::getenv("JIXIAO_CACHE_DIR")) return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/jixiao";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/jixiao";
  return "";
}

std::unique_ptr<rt::IndicatorKernel> ProgramKernels::indicator(int index, const rt::Table& table) {
  auto it = kernels_.find(index);
  return it == kernels_.end() ? nullptr : rt::bind_kernel(it->second.fns, it->second.layout, table, tz_);
}

std::unique_ptr<rt::IndicatorKernel> ProgramKernels::row_alert(int index, const rt::Table& table) {
  auto it = alert_kernels_.find(index);
  return it == alert_kernels_.end() ? nullptr : rt::bind_kernel(it->second.fns, it->second.layout, table, tz_);
}

std::unique_ptr<rt::IndicatorKernel> ProgramKernels::chain_node(int chain, int node, const rt::Table& source) {
  auto it = node_kernels_.find({chain, node});
  return it == node_kernels_.end() ? nullptr : rt::bind_kernel(it->second.fns, it->second.layout, source, tz_);
}

Result<std::unique_ptr<Jit>> Jit::create() {
  auto native = NativeJit::create();
  if (!native.ok()) return Failure{native.error()};
  auto jit = std::unique_ptr<Jit>(new Jit());
  jit->native_ = std::move(native).value();
  return jit;
}

std::unique_ptr<ProgramKernels> Jit::compile(const plan::ProgramPlan& plan, const rt::TimeZone& tz,
                                             const JitOptions& options) {
  auto out = std::unique_ptr<ProgramKernels>(new ProgramKernels());
  out->tz_ = tz;
  std::vector<IndicatorSpec> specs;
  for (size_t i = 0; i < plan.indicators.size(); ++i) {
    Analysis a = analyse_indicator(plan, static_cast<int>(i));
    out->notes_.push_back(
        IndicatorNote{static_cast<int>(i), ScanKind::Indicator, plan.indicators[i].name, a.spec.has_value(), a.reason});
    if (a.spec) specs.push_back(std::move(*a.spec));
  }
  for (size_t i = 0; i < plan.alerts.size(); ++i) {
    if (plan.alerts[i].table < 0) continue;  // alerts over values read indicator values: nothing to scan
    Analysis a = analyse_row_alert(plan, static_cast<int>(i));
    out->notes_.push_back(
        IndicatorNote{static_cast<int>(i), ScanKind::RowAlert, plan.alerts[i].name, a.spec.has_value(), a.reason});
    if (a.spec) specs.push_back(std::move(*a.spec));
  }
  for (size_t c = 0; c < plan.chains.size(); ++c)
    for (size_t k = 0; k < plan.chains[c].nodes.size(); ++k) {
      if (plan.chains[c].nodes[k].when.empty()) continue;  // matched by its name: nothing to compile
      Analysis a = analyse_chain_node(plan, static_cast<int>(c), static_cast<int>(k));
      std::string name = plan.chains[c].name + "." + plan.chains[c].nodes[k].name;
      out->notes_.push_back(
          IndicatorNote{static_cast<int>(c), ScanKind::ChainNode, name, a.spec.has_value(), a.reason});
      if (a.spec) specs.push_back(std::move(*a.spec));
    }
  if (specs.empty()) return out;
  std::vector<const IndicatorSpec*> pointers;
  for (auto& s : specs) pointers.push_back(&s);
  CompileOptions co;
  co.cache_dir = options.cache_dir;
  auto code = native_->load(pointers, co, out->stats_);
  if (!code.ok()) {
    out->error_ = code.error();
    for (auto& n : out->notes_)
      if (n.compiled) {
        n.compiled = false;
        n.reason = "the JIT failed: " + code.error();
      }
    return out;
  }
  out->code_ = std::move(code).value();
  for (size_t i = 0; i < specs.size(); ++i) {
    int index = specs[i].indicator;
    ProgramKernels::Kernel kernel{std::move(specs[i].layout), out->code_->kernel(i)};
    switch (specs[i].kind) {
      case ScanKind::Indicator: out->kernels_.emplace(index, std::move(kernel)); break;
      case ScanKind::RowAlert: out->alert_kernels_.emplace(index, std::move(kernel)); break;
      case ScanKind::ChainNode:
        out->node_kernels_.emplace(std::pair<int, int>{index, specs[i].node}, std::move(kernel));
    }
  }
  return out;
}

}  // namespace jixiao::jit
