#include "compiler/jit/jit.h"

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <stdexcept>
#include <string_view>

#include "runtime/eval.h"

namespace jixiao::jit {

using plan::PlanOp;

std::string default_cache_dir() {
  if (const char* dir = std::getenv("JIXIAO_CACHE_DIR")) return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/jixiao";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/jixiao";
  return "";
}

namespace {

bool compare_holds(PlanOp op, int c) {
  switch (op) {
    case PlanOp::Eq: return c == 0;
    case PlanOp::Ne: return c != 0;
    case PlanOp::Lt: return c < 0;
    case PlanOp::Le: return c <= 0;
    case PlanOp::Gt: return c > 0;
    default: return c >= 0;
  }
}

// The zone helper of kernels that need local times (kernel_spec.h ZoneIntervalFn); `zone` is the
// bound kernel's TimeZone.
void zone_interval(const void* zone, int64_t utc, int64_t* out) noexcept {
  rt::TimeZone::OffsetInterval iv = static_cast<const rt::TimeZone*>(zone)->interval_at(utc);
  out[0] = iv.begin;
  out[1] = iv.end;
  out[2] = int64_t(iv.offset) * rt::kMicrosPerSecond;
}
constexpr ZoneIntervalFn kZoneInterval = &zone_interval;

// A kernel with its argument slots filled for one table.
class BoundKernel : public rt::IndicatorKernel {
 public:
  BoundKernel(KernelFns fns, size_t slots) : fns_(fns), args_(slots, nullptr) {}

  size_t select(size_t begin, size_t n, rt::Micros as_of, uint32_t* selection) override {
    return static_cast<size_t>(fns_.select(args_.data(), begin, n, as_of, selection));
  }
  void update(size_t begin, const uint32_t* selection, size_t count, rt::KernelGroups& groups,
              const rt::KernelAggState* states, uint8_t* contributed) override {
    fns_.update(args_.data(), begin, selection, count, &groups, states, contributed);
  }

  KernelFns fns_;
  std::vector<const void*> args_;
  std::vector<std::vector<uint8_t>> tables_;
  std::vector<int64_t> times_;
  rt::TimeZone zone_;
};

// The bytes of a per-code predicate (kernel_spec.h, CodeTable::predicate): the interpreter evaluates the
// condition once over a null and each dictionary entry, so the compiled lookup gives its very answers.
std::vector<uint8_t> predicate_bytes(const CodeTable& ct, const rt::Column& col, const rt::TimeZone& tz) {
  struct DictionaryLeaves : rt::LeafSource {
    const rt::Column* col;
    int index;
    void column(int i, size_t begin, size_t n, rt::Vec& out) override {
      if (i != index) throw std::logic_error("a per-code predicate reads one column");
      out.resize(n, plan::VType::Str);
      for (size_t k = 0; k < n; ++k) {
        size_t row = begin + k;  // row 0 is the null, row c + 1 the code c
        if (row == 0) continue;
        out.valid[k] = 1;
        out.str[k] = col->dict[row - 1];
      }
    }
  } leaves;
  leaves.col = &col;
  leaves.index = ct.column;
  std::deque<std::string> arena;
  rt::EvalContext ctx{&tz, &arena};
  size_t n = col.dict.size() + 1;
  std::vector<uint8_t> bytes(n, 0);
  for (size_t begin = 0; begin < n; begin += 2048) {
    size_t len = std::min<size_t>(2048, n - begin);
    rt::Vec out;
    rt::evaluate(ct.predicate, leaves, begin, len, ctx, out);
    if (out.type != plan::VType::Bool) continue;  // a null-typed condition is never known
    for (size_t k = 0; k < len; ++k)
      bytes[begin + k] = static_cast<uint8_t>(out.valid[k] ? 1 | (out.i64[k] ? 2 : 0) : 0);
  }
  return bytes;
}

}  // namespace

std::unique_ptr<rt::IndicatorKernel> ProgramKernels::indicator(int index, const rt::Table& table) {
  auto it = kernels_.find(index);
  return it == kernels_.end() ? nullptr : bind(it->second, table);
}

std::unique_ptr<rt::IndicatorKernel> ProgramKernels::row_alert(int index, const rt::Table& table) {
  auto it = alert_kernels_.find(index);
  return it == alert_kernels_.end() ? nullptr : bind(it->second, table);
}

std::unique_ptr<rt::IndicatorKernel> ProgramKernels::chain_node(int chain, int node, const rt::Table& source) {
  auto it = node_kernels_.find({chain, node});
  return it == node_kernels_.end() ? nullptr : bind(it->second, source);
}

std::unique_ptr<rt::IndicatorKernel> ProgramKernels::bind(const Kernel& kernel, const rt::Table& table) const {
  const IndicatorSpec& spec = kernel.spec;
  if (table.columns.size() != spec.columns.size()) return nullptr;
  for (size_t c = 0; c < spec.columns.size(); ++c)
    if (table.columns[c].kind != spec.columns[c]) return nullptr;

  auto k = std::make_unique<BoundKernel>(kernel.fns, slot_count(spec));
  for (size_t c = 0; c < spec.columns.size(); ++c) {
    const rt::Column& col = table.columns[c];
    k->args_[valid_slot(c)] = col.valid.data();
    switch (col.kind) {
      case rt::ColumnKind::Number: k->args_[data_slot(c)] = col.f64.data(); break;
      case rt::ColumnKind::String: case rt::ColumnKind::Enum: k->args_[data_slot(c)] = col.codes.data(); break;
      default: k->args_[data_slot(c)] = col.i64.data();
    }
  }
  // One byte per dictionary code, computed exactly as runtime/eval.cpp compares the text; a null row's
  // code (0) must be readable even when the dictionary is empty.
  k->tables_.resize(spec.code_tables.size());
  for (size_t i = 0; i < spec.code_tables.size(); ++i) {
    const CodeTable& ct = spec.code_tables[i];
    const rt::Column& col = table.columns[ct.column];
    std::vector<uint8_t>& bytes = k->tables_[i];
    if (!ct.predicate.empty()) {
      bytes = predicate_bytes(ct, col, tz_);
      k->args_[table_slot(spec, i)] = bytes.data();
      continue;
    }
    bytes.assign(std::max<size_t>(1, col.dict.size()), 0);
    for (size_t code = 0; code < col.dict.size(); ++code) {
      std::string_view s = col.dict[code];
      bool r;
      if (ct.op == PlanOp::In || ct.op == PlanOp::NotIn) {
        bool found = std::find(ct.list.begin(), ct.list.end(), s) != ct.list.end();
        r = found != (ct.op == PlanOp::NotIn);
      } else {
        std::string_view constant = ct.constant;
        r = compare_holds(ct.op, ct.constant_left ? constant.compare(s) : s.compare(constant));
      }
      bytes[code] = r ? 1 : 0;
    }
    k->args_[table_slot(spec, i)] = bytes.data();
  }
  k->times_.resize(spec.time_constants.size());
  for (size_t i = 0; i < spec.time_constants.size(); ++i) {
    std::string_view text = spec.time_constants[i];
    std::optional<rt::Micros> t;
    if (text.rfind(kDatePrefix, 0) == 0) {
      if (auto d = rt::parse_date(text.substr(std::string_view(kDatePrefix).size())))
        t = tz_.from_local(int64_t(*d) * rt::kMicrosPerDay);
    } else {
      t = rt::parse_timestamp(text, tz_);
    }
    if (!t) return nullptr;  // the interpreter reports the bad literal
    k->times_[i] = *t;
    k->args_[time_constant_slot(spec, i)] = &k->times_[i];
  }
  if (spec.uses_zone) {
    k->zone_ = tz_;
    k->args_[zone_fn_slot(spec)] = reinterpret_cast<const void*>(kZoneInterval);
    k->args_[zone_ctx_slot(spec)] = &k->zone_;
  }
  return k;
}

std::unique_ptr<Jit> Jit::create(std::string& error) {
  auto native = NativeJit::create(error);
  if (!native) return nullptr;
  auto jit = std::unique_ptr<Jit>(new Jit());
  jit->native_ = std::move(native);
  return jit;
}

std::unique_ptr<ProgramKernels> Jit::compile(const plan::ProgramPlan& plan, const rt::TimeZone& tz, const JitOptions& options) {
  auto out = std::unique_ptr<ProgramKernels>(new ProgramKernels());
  out->tz_ = tz;
  std::vector<IndicatorSpec> specs;
  for (size_t i = 0; i < plan.indicators.size(); ++i) {
    Analysis a = analyse_indicator(plan, static_cast<int>(i));
    out->notes_.push_back(IndicatorNote{static_cast<int>(i), ScanKind::Indicator, plan.indicators[i].name, a.spec.has_value(), a.reason});
    if (a.spec) specs.push_back(std::move(*a.spec));
  }
  for (size_t i = 0; i < plan.alerts.size(); ++i) {
    if (plan.alerts[i].table < 0) continue;  // alerts over values read indicator values: nothing to scan
    Analysis a = analyse_row_alert(plan, static_cast<int>(i));
    out->notes_.push_back(IndicatorNote{static_cast<int>(i), ScanKind::RowAlert, plan.alerts[i].name, a.spec.has_value(), a.reason});
    if (a.spec) specs.push_back(std::move(*a.spec));
  }
  for (size_t c = 0; c < plan.chains.size(); ++c)
    for (size_t k = 0; k < plan.chains[c].nodes.size(); ++k) {
      if (plan.chains[c].nodes[k].when.empty()) continue;  // matched by its name: nothing to compile
      Analysis a = analyse_chain_node(plan, static_cast<int>(c), static_cast<int>(k));
      std::string name = plan.chains[c].name + "." + plan.chains[c].nodes[k].name;
      out->notes_.push_back(IndicatorNote{static_cast<int>(c), ScanKind::ChainNode, name, a.spec.has_value(), a.reason});
      if (a.spec) specs.push_back(std::move(*a.spec));
    }
  if (specs.empty()) return out;
  std::vector<const IndicatorSpec*> pointers;
  for (auto& s : specs) pointers.push_back(&s);
  CompileOptions co;
  co.cache_dir = options.cache_dir;
  std::string error;
  out->code_ = native_->load(pointers, co, out->stats_, error);
  if (!out->code_) {
    out->error_ = error;
    for (auto& n : out->notes_)
      if (n.compiled) {
        n.compiled = false;
        n.reason = "the JIT failed: " + error;
      }
    return out;
  }
  for (size_t i = 0; i < specs.size(); ++i) {
    int index = specs[i].indicator;
    KernelFns fns = out->code_->kernel(i);
    switch (specs[i].kind) {
      case ScanKind::Indicator: out->kernels_.emplace(index, ProgramKernels::Kernel{std::move(specs[i]), fns}); break;
      case ScanKind::RowAlert: out->alert_kernels_.emplace(index, ProgramKernels::Kernel{std::move(specs[i]), fns}); break;
      case ScanKind::ChainNode: {
        std::pair<int, int> at{index, specs[i].node};
        out->node_kernels_.emplace(at, ProgramKernels::Kernel{std::move(specs[i]), fns});
      }
    }
  }
  return out;
}

}  // namespace jixiao::jit
