#include "runtime/kernel_binding.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "base/errors.h"
#include "runtime/eval.h"

namespace jixiao::rt {

using plan::PlanOp;

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

// The zone helper of kernels that need local times (kernel_abi.h ZoneIntervalFn); `zone` is the
// bound kernel's TimeZone.
void zone_interval(const void* zone, int64_t utc, int64_t* out) noexcept {
  TimeZone::OffsetInterval iv = static_cast<const TimeZone*>(zone)->interval_at(utc);
  out[0] = iv.begin;
  out[1] = iv.end;
  out[2] = int64_t(iv.offset) * kMicrosPerSecond;
}
constexpr ZoneIntervalFn kZoneInterval = &zone_interval;

// A kernel with its argument slots filled for one table.
class BoundKernel : public IndicatorKernel {
 public:
  BoundKernel(KernelFns fns, size_t slots) : fns_(fns), args_(slots, nullptr) {}

  size_t select(size_t begin, size_t n, Micros as_of, uint32_t* selection) override {
    return static_cast<size_t>(fns_.select(args_.data(), begin, n, as_of, selection));
  }
  void update(size_t begin, const uint32_t* selection, size_t count, KernelGroups& groups, const KernelAggState* states,
              uint8_t* contributed) override {
    fns_.update(args_.data(), begin, selection, count, &groups, states, contributed);
  }

  KernelFns fns_;
  std::vector<const void*> args_;
  std::vector<std::vector<uint8_t>> tables_;
  std::vector<int64_t> times_;
  TimeZone zone_;
};

// The bytes of a per-code predicate (kernel_abi.h, CodeTable::predicate): the interpreter evaluates the
// condition once over a null and each dictionary entry, so the compiled lookup gives its very answers.
std::vector<uint8_t> predicate_bytes(const CodeTable& ct, const Column& col, const TimeZone& tz) {
  struct DictionaryLeaves : LeafSource {
    const Column* col;
    int index;
    void column(int i, size_t begin, size_t n, Vec& out) override {
      JX_CHECK(i == index, "a per-code predicate reads one column");
      out.resize(n, plan::VType::Str);
      for (size_t k = 0; k < n; ++k) {
        size_t row = begin + k;  // row 0 is the null, row c + 1 the code c
        if (row == 0) continue;
        out.valid[k] = 1;
        out.str[k] = col->dict()[row - 1];
      }
    }
  } leaves;
  leaves.col = &col;
  leaves.index = ct.column;
  std::deque<std::string> arena;
  EvalContext ctx{&tz, &arena};
  size_t n = col.dict().size() + 1;
  std::vector<uint8_t> bytes(n, 0);
  for (size_t begin = 0; begin < n; begin += 2048) {
    size_t len = std::min<size_t>(2048, n - begin);
    Vec out;
    evaluate(ct.predicate, leaves, begin, len, ctx, out);
    if (out.type != plan::VType::Bool) continue;  // a null-typed condition is never known
    for (size_t k = 0; k < len; ++k)
      bytes[begin + k] = static_cast<uint8_t>(out.valid[k] ? 1 | (out.i64[k] ? 2 : 0) : 0);
  }
  return bytes;
}

}  // namespace

std::unique_ptr<IndicatorKernel> bind_kernel(const KernelFns& fns, const KernelLayout& layout, const Table& table,
                                             const TimeZone& tz) {
  if (table.columns.size() != layout.columns.size()) return nullptr;
  for (size_t c = 0; c < layout.columns.size(); ++c)
    if (table.columns[c].kind != layout.columns[c]) return nullptr;

  auto k = std::make_unique<BoundKernel>(fns, slot_count(layout));
  for (size_t c = 0; c < layout.columns.size(); ++c) {
    const Column& col = table.columns[c];
    k->args_[valid_slot(c)] = col.valid.data();
    switch (col.kind) {
      case ColumnKind::Number: k->args_[data_slot(c)] = col.f64.data(); break;
      case ColumnKind::String:
      case ColumnKind::Enum: k->args_[data_slot(c)] = col.codes.data(); break;
      default: k->args_[data_slot(c)] = col.i64.data();
    }
  }
  // One byte per dictionary code, computed exactly as runtime/eval.cpp compares the text; a null row's
  // code (0) must be readable even when the dictionary is empty.
  k->tables_.resize(layout.code_tables.size());
  for (size_t i = 0; i < layout.code_tables.size(); ++i) {
    const CodeTable& ct = layout.code_tables[i];
    const Column& col = table.columns[ct.column];
    std::vector<uint8_t>& bytes = k->tables_[i];
    if (!ct.predicate.empty()) {
      bytes = predicate_bytes(ct, col, tz);
      k->args_[table_slot(layout, i)] = bytes.data();
      continue;
    }
    bytes.assign(std::max<size_t>(1, col.dict().size()), 0);
    for (size_t code = 0; code < col.dict().size(); ++code) {
      std::string_view s = col.dict()[code];
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
    k->args_[table_slot(layout, i)] = bytes.data();
  }
  k->times_.resize(layout.time_constants.size());
  for (size_t i = 0; i < layout.time_constants.size(); ++i) {
    std::string_view text = layout.time_constants[i];
    std::optional<Micros> t;
    if (text.rfind(kDatePrefix, 0) == 0) {
      if (auto d = parse_date(text.substr(std::string_view(kDatePrefix).size())))
        t = tz.from_local(int64_t(*d) * kMicrosPerDay);
    } else {
      t = parse_timestamp(text, tz);
    }
    if (!t) return nullptr;  // the interpreter reports the bad literal
    k->times_[i] = *t;
    k->args_[time_constant_slot(layout, i)] = &k->times_[i];
  }
  if (layout.uses_zone) {
    k->zone_ = tz;
    k->args_[zone_fn_slot(layout)] = reinterpret_cast<const void*>(kZoneInterval);
    k->args_[zone_ctx_slot(layout)] = &k->zone_;
  }
  return k;
}

}  // namespace jixiao::rt
