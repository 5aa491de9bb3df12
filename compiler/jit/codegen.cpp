// One of the two translation units that include LLVM (with native_jit.cpp; docs/architecture.md: LLVM
// stays behind one layer; its headers are slow to compile). Lowers IndicatorSpecs to LLVM IR;
// native_jit.cpp optimises the module for the host CPU, emits the object file and links it.
//
// The generated loops reproduce runtime/eval.cpp and engine.cpp update() row by row: values are
// computed branch-free with an i1 validity beside each, doubles without fast-math flags (so sums add in
// row order exactly as the interpreter does), and durations are rounded with the same libm llround.
#include "compiler/jit/codegen.h"

#include "runtime/time/time.h"
#include "stdlib/time_range.h"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>

#include <climits>
#include <cstddef>
#include <cmath>
#include <map>

namespace jixiao::jit {

using plan::PlanNode;
using plan::PlanOp;
using stdlib::BuiltinId;

// Bump when the generated code changes for the same specs (codegen.h).
const char* const kCodegenVersion = "jixiao-kernels-9";

namespace {

std::string kernel_id(const IndicatorSpec& s) {
  switch (s.kind) {
    case ScanKind::RowAlert: return "alert_" + std::to_string(s.indicator);
    case ScanKind::ChainNode: return "chain_" + std::to_string(s.indicator) + "_node_" + std::to_string(s.node);
    default: return std::to_string(s.indicator);
  }
}

}  // namespace

std::string select_name(const IndicatorSpec& s) { return "jx_select_" + kernel_id(s); }
std::string update_name(const IndicatorSpec& s) { return "jx_update_" + kernel_id(s); }

namespace {

struct Val {
  llvm::Value* valid;
  llvm::Value* v;
};

class KernelEmitter {
 public:
  KernelEmitter(llvm::Module& m, const IndicatorSpec& spec, llvm::FunctionCallee llround, const std::string& cpu,
                const std::string& features)
      : m_(m), ctx_(m.getContext()), spec_(spec), llround_(llround), cpu_(cpu), features_(features), b_(ctx_) {
    i8_ = llvm::Type::getInt8Ty(ctx_);
    i32_ = llvm::Type::getInt32Ty(ctx_);
    i64_ = llvm::Type::getInt64Ty(ctx_);
    f64_ = llvm::Type::getDoubleTy(ctx_);
    ptr_ = llvm::PointerType::getUnqual(ctx_);
  }

  // i64 select(ptr args, i64 begin, i64 n, i64 as_of, ptr selection)
  void emit_select() {
    auto* fty = llvm::FunctionType::get(i64_, {ptr_, i64_, i64_, i64_, ptr_}, false);
    llvm::Function* f = start(fty, select_name(spec_));
    f->addParamAttr(4, llvm::Attribute::NoAlias);
    llvm::Value *begin = f->getArg(1), *n = f->getArg(2), *as_of = f->getArg(3), *sel = f->getArg(4);

    llvm::BasicBlock* entry = &f->getEntryBlock();
    llvm::BasicBlock* loop = llvm::BasicBlock::Create(ctx_, "row", f);
    llvm::BasicBlock* exit = llvm::BasicBlock::Create(ctx_, "done", f);
    b_.SetInsertPoint(entry);
    b_.CreateCondBr(b_.CreateICmpEQ(n, b_.getInt64(0)), exit, loop);

    b_.SetInsertPoint(loop);
    llvm::PHINode* k = b_.CreatePHI(i64_, 2, "k");
    llvm::PHINode* count = b_.CreatePHI(i64_, 2, "count");
    k->addIncoming(b_.getInt64(0), entry);
    count->addIncoming(b_.getInt64(0), entry);
    llvm::Value* row = b_.CreateAdd(begin, k, "row");
    llvm::Value* keep = spec_.where.present ? truth(spec_.where, row) : b_.getTrue();
    if (spec_.time_column >= 0) {
      Val t = column(static_cast<size_t>(spec_.time_column), row);
      // Rows after as_of are ignored; with `every`, a row without a time is in no period.
      llvm::Value* in_time = b_.CreateSelect(t.valid, b_.CreateICmpSLE(t.v, as_of), b_.getInt1(!spec_.by_period));
      keep = b_.CreateAnd(keep, in_time);
    }
    b_.CreateStore(b_.CreateTrunc(k, i32_), b_.CreateGEP(i32_, sel, count));
    llvm::Value* next_count = b_.CreateAdd(count, b_.CreateZExt(keep, i64_));
    llvm::Value* next_k = b_.CreateAdd(k, b_.getInt64(1));
    llvm::BasicBlock* latch = b_.GetInsertBlock();  // the row's code may have branched (zone lookups)
    k->addIncoming(next_k, latch);
    count->addIncoming(next_count, latch);
    b_.CreateCondBr(b_.CreateICmpEQ(next_k, n), exit, loop);

    b_.SetInsertPoint(exit);
    llvm::PHINode* result = b_.CreatePHI(i64_, 2);
    result->addIncoming(b_.getInt64(0), entry);
    result->addIncoming(next_count, latch);
    b_.CreateRet(result);
  }

  // void update(ptr args, i64 begin, ptr selection, i64 count, ptr groups, ptr states, ptr contributed)
  // One loop over the selected rows: the row's group (find_group), then every aggregate's update.
  void emit_update() {
    auto* fty = llvm::FunctionType::get(llvm::Type::getVoidTy(ctx_), {ptr_, i64_, ptr_, i64_, ptr_, ptr_, ptr_}, false);
    llvm::Function* f = start(fty, update_name(spec_));
    f->addParamAttr(6, llvm::Attribute::NoAlias);
    llvm::Value *begin = f->getArg(1), *sel = f->getArg(2), *count = f->getArg(3), *groups = f->getArg(4);
    llvm::Value *states = f->getArg(5), *contributed = f->getArg(6);

    llvm::BasicBlock* entry = &f->getEntryBlock();
    llvm::BasicBlock* loop = llvm::BasicBlock::Create(ctx_, "row", f);
    llvm::BasicBlock* exit = llvm::BasicBlock::Create(ctx_, "done", f);
    b_.SetInsertPoint(entry);
    // The state arrays of every aggregate (KernelAggState: five pointers), loaded once.
    struct StatePtrs {
      llvm::Value *count, *total, *sum, *best, *has;
    };
    std::vector<StatePtrs> st;
    for (size_t a = 0; a < spec_.aggregates.size(); ++a) {
      auto field = [&](size_t i) {
        size_t offset = a * sizeof(rt::KernelAggState) + i * sizeof(void*);
        return b_.CreateLoad(ptr_, b_.CreateConstGEP1_64(i8_, states, offset));
      };
      static_assert(sizeof(rt::KernelAggState) == 5 * sizeof(void*), "KernelAggState is five pointers");
      st.push_back(StatePtrs{field(0), field(1), field(2), field(3), field(4)});
    }
    b_.CreateCondBr(b_.CreateICmpEQ(count, b_.getInt64(0)), exit, loop);

    b_.SetInsertPoint(loop);
    llvm::PHINode* s = b_.CreatePHI(i64_, 2, "s");
    s->addIncoming(b_.getInt64(0), entry);
    llvm::Value* k = b_.CreateZExt(b_.CreateLoad(i32_, b_.CreateGEP(i32_, sel, s)), i64_);
    llvm::Value* row = b_.CreateAdd(begin, k, "row");
    llvm::Value* g = find_group(groups, row, s);
    llvm::Value* contrib = b_.getFalse();

    auto bump = [&](llvm::Value* array, llvm::Value* by) {  // array[g] += zext(by)
      llvm::Value* p = b_.CreateGEP(i64_, array, g);
      b_.CreateStore(b_.CreateAdd(b_.CreateLoad(i64_, p), b_.CreateZExt(by, i64_)), p);
    };
    for (size_t a = 0; a < spec_.aggregates.size(); ++a) {
      const AggregateSpec& as = spec_.aggregates[a];
      llvm::Value* pass = as.filter.present ? truth(as.filter, row) : b_.getTrue();
      if (as.fn == BuiltinId::Share) {
        // share(p [where q]): every row the filter keeps is in the denominator.
        llvm::Value* p = as.input.present ? truth(as.input, row) : b_.getFalse();
        bump(st[a].total, pass);
        bump(st[a].count, b_.CreateAnd(pass, p));
        contrib = b_.CreateOr(contrib, pass);
        continue;
      }
      if (!as.input.present) {  // count()
        bump(st[a].count, pass);
        contrib = b_.CreateOr(contrib, pass);
        continue;
      }
      VType t = as.input.types[as.input.root()];
      if (t == VType::Null) continue;  // never a value: nothing is taken in
      Val x = expr(as.input, as.input.root(), row);
      llvm::Value* take = b_.CreateAnd(pass, x.valid);
      contrib = b_.CreateOr(contrib, take);
      switch (as.fn) {
        case BuiltinId::Count: bump(st[a].count, take); break;
        case BuiltinId::Sum:
        case BuiltinId::Avg: {
          bump(st[a].count, take);
          llvm::Value* p = b_.CreateGEP(f64_, st[a].sum, g);
          llvm::Value* old = b_.CreateLoad(f64_, p);
          b_.CreateStore(b_.CreateSelect(take, b_.CreateFAdd(old, num(x, t)), old), p);
          break;
        }
        case BuiltinId::Min:
        case BuiltinId::Max: {
          llvm::Value* hp = b_.CreateGEP(i8_, st[a].has, g);
          llvm::Value* bp = b_.CreateGEP(f64_, st[a].best, g);
          llvm::Value* has = b_.CreateLoad(i8_, hp);
          llvm::Value* best = b_.CreateLoad(f64_, bp);
          llvm::Value* v = num(x, t);
          llvm::Value* beats = as.fn == BuiltinId::Min ? b_.CreateFCmpOLT(v, best) : b_.CreateFCmpOGT(v, best);
          llvm::Value* better = b_.CreateOr(b_.CreateICmpEQ(has, b_.getInt8(0)), beats);
          b_.CreateStore(b_.CreateSelect(b_.CreateAnd(take, better), v, best), bp);
          b_.CreateStore(b_.CreateSelect(take, b_.getInt8(1), has), hp);
          break;
        }
        default: break;  // kernel_spec.cpp admits no other aggregate
      }
    }
    llvm::Value* cp = b_.CreateGEP(i8_, contributed, s);
    b_.CreateStore(b_.CreateOr(b_.CreateLoad(i8_, cp), b_.CreateZExt(contrib, i8_)), cp);
    llvm::Value* next = b_.CreateAdd(s, b_.getInt64(1));
    s->addIncoming(next, b_.GetInsertBlock());  // the row's code may have branched (zone lookups)
    b_.CreateCondBr(b_.CreateICmpEQ(next, count), exit, loop);

    b_.SetInsertPoint(exit);
    b_.CreateRetVoid();
  }

 private:
  // The group of `row` (runtime/kernel_abi.h, KernelGroups), whose fields are read from memory on every row:
  // the runtime's callbacks change them. With dense groups, from the current period's cells (a call only
  // when the row's time leaves the period or its group is new); otherwise, or when the runtime keeps no
  // cells (null after entering the period), from the runtime's group_of. Adds the row to its group's row
  // count and writes the group to group_ids[s]; returns it as an i64.
  llvm::Value* find_group(llvm::Value* groups, llvm::Value* row, llvm::Value* s) {
    using G = rt::KernelGroups;
    auto field = [&](size_t offset) { return b_.CreateConstGEP1_64(i8_, groups, offset); };
    auto call = [&](size_t fn_offset, llvm::Type* result, llvm::Value* arg) {
      auto* fty = llvm::FunctionType::get(result, {ptr_, i64_}, false);
      llvm::Value* finder = b_.CreateLoad(ptr_, field(offsetof(G, finder)));
      llvm::CallInst* c = b_.CreateCall(fty, b_.CreateLoad(ptr_, field(fn_offset)), {finder, arg});
      c->addFnAttr(llvm::Attribute::NoUnwind);
      return c;
    };
    llvm::Value* g32 = nullptr;
    if (!spec_.dense_groups) {
      g32 = call(offsetof(G, group_of), i32_, row);
    } else {
      llvm::Function* f = b_.GetInsertBlock()->getParent();
      llvm::BasicBlock* dense = llvm::BasicBlock::Create(ctx_, "dense", f);
      llvm::BasicBlock* ask = llvm::BasicBlock::Create(ctx_, "ask_group", f);
      llvm::BasicBlock* found = llvm::BasicBlock::Create(ctx_, "found_group", f);
      if (spec_.by_period) {  // select() kept only rows with a time
        llvm::Value* t = column(static_cast<size_t>(spec_.time_column), row).v;
        llvm::Value* inside = b_.CreateAnd(b_.CreateICmpSGE(t, b_.CreateLoad(i64_, field(offsetof(G, period_begin)))),
                                           b_.CreateICmpSLT(t, b_.CreateLoad(i64_, field(offsetof(G, period_end)))));
        llvm::BasicBlock* enter = llvm::BasicBlock::Create(ctx_, "enter_period", f);
        llvm::BasicBlock* in_period = llvm::BasicBlock::Create(ctx_, "in_period", f);
        b_.CreateCondBr(inside, in_period, enter);
        b_.SetInsertPoint(enter);
        call(offsetof(G, enter_period), llvm::Type::getVoidTy(ctx_), t);
        b_.CreateBr(in_period);
        b_.SetInsertPoint(in_period);
      }
      llvm::Value* cells = b_.CreateLoad(ptr_, field(offsetof(G, cells)));
      b_.CreateCondBr(b_.CreateICmpEQ(cells, llvm::ConstantPointerNull::get(ptr_)), ask, dense);
      b_.SetInsertPoint(dense);
      llvm::Value* code = b_.getInt64(0);
      if (spec_.group_column >= 0) {
        Val key = column(static_cast<size_t>(spec_.group_column), row);
        code = b_.CreateSelect(key.valid, b_.CreateAdd(b_.CreateZExt(key.v, i64_), b_.getInt64(1)), b_.getInt64(0));
      }
      llvm::Value* cached = b_.CreateLoad(i32_, b_.CreateGEP(i32_, cells, code));
      llvm::BasicBlock* dense_end = b_.GetInsertBlock();
      b_.CreateCondBr(b_.CreateICmpEQ(cached, b_.getInt32(rt::kNoGroup)), ask, found);
      b_.SetInsertPoint(ask);
      llvm::Value* asked = call(offsetof(G, group_of), i32_, row);
      b_.CreateBr(found);
      b_.SetInsertPoint(found);
      llvm::PHINode* phi = b_.CreatePHI(i32_, 2, "group");
      phi->addIncoming(cached, dense_end);
      phi->addIncoming(asked, ask);
      g32 = phi;
    }
    llvm::Value* g = b_.CreateZExt(g32, i64_);
    llvm::Value* rows = b_.CreateGEP(i64_, b_.CreateLoad(ptr_, field(offsetof(G, rows))), g);
    b_.CreateStore(b_.CreateAdd(b_.CreateLoad(i64_, rows), b_.getInt64(1)), rows);
    b_.CreateStore(g32, b_.CreateGEP(i32_, b_.CreateLoad(ptr_, field(offsetof(G, group_ids))), s));
    return g;
  }

  llvm::Function* start(llvm::FunctionType* fty, const std::string& name) {
    llvm::Function* f = llvm::Function::Create(fty, llvm::Function::ExternalLinkage, name, m_);
    f->addFnAttr(llvm::Attribute::NoUnwind);
    f->addFnAttr("target-cpu", cpu_);
    if (!features_.empty()) f->addFnAttr("target-features", features_);
    f->addParamAttr(0, llvm::Attribute::NoCapture);
    llvm::BasicBlock::Create(ctx_, "entry", f);
    args_ = f->getArg(0);
    slots_.clear();
    entry_ = &f->getEntryBlock();
    zone_ = ZoneCache{};
    return f;
  }

  // args[i], loaded once in the entry block (before its terminator once there is one).
  llvm::Value* slot(size_t i) {
    auto it = slots_.find(i);
    if (it != slots_.end()) return it->second;
    llvm::IRBuilder<> eb(ctx_);
    if (llvm::Instruction* term = entry_->getTerminator())
      eb.SetInsertPoint(term);
    else
      eb.SetInsertPoint(entry_);
    llvm::Value* p = eb.CreateLoad(ptr_, eb.CreateConstGEP1_64(ptr_, args_, i));
    slots_.emplace(i, p);
    return p;
  }

  // The zone's offset interval last looked up, kept across rows in allocas of the entry block (promoted
  // to registers): a row whose instant is inside it needs no call.
  struct ZoneCache {
    llvm::Value *begin = nullptr, *end = nullptr, *offset = nullptr, *out = nullptr;
  };

  // TimeZone::to_local(utc) (utc + the offset in force at utc, wrapping as the interpreter's int64
  // arithmetic does): from the cached interval when it holds utc, else through the zone helper bound in
  // the kernel's argument slots.
  llvm::Value* to_local(llvm::Value* utc) {
    if (!zone_.begin) {
      llvm::IRBuilder<> eb(ctx_);
      if (llvm::Instruction* term = entry_->getTerminator())
        eb.SetInsertPoint(term);
      else
        eb.SetInsertPoint(entry_);
      zone_.begin = eb.CreateAlloca(i64_, nullptr, "zone_begin");
      zone_.end = eb.CreateAlloca(i64_, nullptr, "zone_end");
      zone_.offset = eb.CreateAlloca(i64_, nullptr, "zone_offset");
      zone_.out = eb.CreateAlloca(llvm::ArrayType::get(i64_, 3), nullptr, "zone_out");
      eb.CreateStore(eb.getInt64(0), zone_.begin);  // [0, 0): empty
      eb.CreateStore(eb.getInt64(0), zone_.end);
      eb.CreateStore(eb.getInt64(0), zone_.offset);
    }
    llvm::Value* fn = slot(rt::zone_fn_slot(spec_.layout));
    llvm::Value* zone = slot(rt::zone_ctx_slot(spec_.layout));
    llvm::Function* f = b_.GetInsertBlock()->getParent();
    llvm::BasicBlock* miss = llvm::BasicBlock::Create(ctx_, "zone_miss", f);
    llvm::BasicBlock* cont = llvm::BasicBlock::Create(ctx_, "zone_hit", f);
    llvm::Value* hit = b_.CreateAnd(b_.CreateICmpSGE(utc, b_.CreateLoad(i64_, zone_.begin)),
                                    b_.CreateICmpSLT(utc, b_.CreateLoad(i64_, zone_.end)));
    b_.CreateCondBr(hit, cont, miss);
    b_.SetInsertPoint(miss);
    auto* fty = llvm::FunctionType::get(llvm::Type::getVoidTy(ctx_), {ptr_, i64_, ptr_}, false);
    llvm::CallInst* call = b_.CreateCall(fty, fn, {zone, utc, zone_.out});
    call->addFnAttr(llvm::Attribute::NoUnwind);
    for (size_t i = 0; i < 3; ++i) {
      llvm::Value* v = b_.CreateLoad(i64_, b_.CreateConstGEP1_64(i64_, zone_.out, i));
      b_.CreateStore(v, i == 0 ? zone_.begin : i == 1 ? zone_.end : zone_.offset);
    }
    b_.CreateBr(cont);
    b_.SetInsertPoint(cont);
    return b_.CreateAdd(utc, b_.CreateLoad(i64_, zone_.offset));
  }

  llvm::Value* entry_load(llvm::Type* t, llvm::Value* p) {
    llvm::IRBuilder<> eb(ctx_);
    if (llvm::Instruction* term = entry_->getTerminator())
      eb.SetInsertPoint(term);
    else
      eb.SetInsertPoint(entry_);
    return eb.CreateLoad(t, p);
  }

  Val column(size_t c, llvm::Value* row) {
    llvm::Value* valid =
        b_.CreateICmpNE(b_.CreateLoad(i8_, b_.CreateGEP(i8_, slot(rt::valid_slot(c)), row)), b_.getInt8(0));
    llvm::Value* data = slot(rt::data_slot(c));
    switch (spec_.layout.columns[c]) {
      case rt::ColumnKind::Number: return {valid, b_.CreateLoad(f64_, b_.CreateGEP(f64_, data, row))};
      case rt::ColumnKind::Int:  // ints are numbers in the language
        return {valid, b_.CreateSIToFP(b_.CreateLoad(i64_, b_.CreateGEP(i64_, data, row)), f64_)};
      case rt::ColumnKind::String:
      case rt::ColumnKind::Enum: return {valid, b_.CreateLoad(i32_, b_.CreateGEP(i32_, data, row))};
      default: return {valid, b_.CreateLoad(i64_, b_.CreateGEP(i64_, data, row))};
    }
  }

  // A number as a double (runtime/eval.cpp num()).
  llvm::Value* num(const Val& x, VType t) { return t == VType::Num ? x.v : b_.CreateSIToFP(x.v, f64_); }

  // `true` (valid and non-zero) of a condition; unknown and false are both not true.
  llvm::Value* truth(const ExprSpec& e, llvm::Value* row) { return truth(e, e.root(), row); }
  llvm::Value* truth(const ExprSpec& e, int id, llvm::Value* row) {
    VType t = e.types[id];
    if (t == VType::Null) return b_.getFalse();
    Val x = expr(e, id, row);
    return b_.CreateAnd(x.valid, b_.CreateICmpNE(x.v, b_.getInt64(0)));
  }

  // An unknown value of type t: invalid, with a zero payload of the right LLVM type so that consumers
  // need not look at how it was made (a comparison with null is a bool that is never valid).
  Val null(VType t) {
    switch (t) {
      case VType::Null:
      case VType::List:
      case VType::Str: return {b_.getFalse(), nullptr};
      case VType::Num: return {b_.getFalse(), llvm::ConstantFP::get(f64_, 0.0)};
      default: return {b_.getFalse(), b_.getInt64(0)};
    }
  }
  Val boolean(llvm::Value* valid, llvm::Value* i1) { return {valid, b_.CreateZExt(i1, i64_)}; }

  Val expr(const ExprSpec& e, int id, llvm::Value* row) {
    if (e.code_table[id] >= 0 && !spec_.layout.code_tables[e.code_table[id]].predicate.empty())
      return predicate(e.code_table[id], row);
    const PlanNode& n = e.plan.nodes[id];
    VType t = e.types[id];
    auto arg = [&](size_t i) { return expr(e, n.args[i], row); };
    auto type_of = [&](size_t i) { return e.types[n.args[i]]; };
    switch (n.op) {
      case PlanOp::Const:
        if (e.time_constant[id] >= 0)  // a timestamp, or a date compared with one: resolved when bound
          return {
              b_.getTrue(),
              entry_load(i64_, slot(rt::time_constant_slot(spec_.layout, static_cast<size_t>(e.time_constant[id]))))};
        switch (t) {
          case VType::Null:
          case VType::List: return null(t);
          case VType::Num: return {b_.getTrue(), llvm::ConstantFP::get(f64_, n.num)};
          case VType::Str: return {b_.getTrue(), nullptr};
          case VType::Date: return {b_.getTrue(), b_.getInt64(static_cast<uint64_t>(e.date_value[id]))};
          default: return {b_.getTrue(), b_.getInt64(static_cast<uint64_t>(n.i64))};
        }
      case PlanOp::Column: return column(static_cast<size_t>(n.index), row);
      case PlanOp::Neg: {
        if (t == VType::Null) return null(t);
        Val a = arg(0);
        return {a.valid, t == VType::Num ? b_.CreateFNeg(a.v) : b_.CreateSub(b_.getInt64(0), a.v)};
      }
      case PlanOp::Not: {
        if (type_of(0) == VType::Null) return null(t);
        Val a = arg(0);
        return boolean(a.valid, b_.CreateICmpEQ(a.v, b_.getInt64(0)));
      }
      case PlanOp::Add:
      case PlanOp::Sub:
      case PlanOp::Mul:
      case PlanOp::Div: {
        if (t == VType::Null) return null(t);
        Val a = arg(0), b = arg(1);
        llvm::Value* x = num(a, type_of(0));
        llvm::Value* y = num(b, type_of(1));
        llvm::Value* valid = b_.CreateAnd(a.valid, b.valid);
        llvm::Value* r;
        switch (n.op) {
          case PlanOp::Add: r = b_.CreateFAdd(x, y); break;
          case PlanOp::Sub: r = b_.CreateFSub(x, y); break;
          case PlanOp::Mul: r = b_.CreateFMul(x, y); break;
          default:
            // division by zero gives null (docs/language-reference.md)
            valid = b_.CreateAnd(valid, b_.CreateFCmpUNE(y, llvm::ConstantFP::get(f64_, 0.0)));
            r = b_.CreateFDiv(x, y);
        }
        if (t == VType::Num) return {valid, r};
        return time_value(valid, r, /*round=*/true);
      }
      case PlanOp::Eq:
      case PlanOp::Ne:
      case PlanOp::Lt:
      case PlanOp::Le:
      case PlanOp::Gt:
      case PlanOp::Ge: {
        VType ta = type_of(0), tb = type_of(1);
        if (ta == VType::Null || tb == VType::Null) return null(t);
        if (ta == VType::Str || tb == VType::Str) {
          if (ta != tb) return null(t);
          const rt::CodeTable& ct = spec_.layout.code_tables[e.code_table[id]];
          return lookup(e.code_table[id], arg(ct.constant_left ? 1 : 0));
        }
        Val a = arg(0), b = arg(1);
        llvm::Value* valid = b_.CreateAnd(a.valid, b.valid);
        if (ta == VType::Num || tb == VType::Num) {
          // c = x < y ? -1 : x > y ? 1 : 0, as in runtime/eval.cpp compare(): NaN compares equal.
          llvm::CmpInst::Predicate p;
          switch (n.op) {
            case PlanOp::Eq: p = llvm::CmpInst::FCMP_UEQ; break;
            case PlanOp::Ne: p = llvm::CmpInst::FCMP_ONE; break;
            case PlanOp::Lt: p = llvm::CmpInst::FCMP_OLT; break;
            case PlanOp::Le: p = llvm::CmpInst::FCMP_ULE; break;
            case PlanOp::Gt: p = llvm::CmpInst::FCMP_OGT; break;
            default: p = llvm::CmpInst::FCMP_UGE;
          }
          return boolean(valid, b_.CreateFCmp(p, num(a, ta), num(b, tb)));
        }
        llvm::CmpInst::Predicate p;
        switch (n.op) {
          case PlanOp::Eq: p = llvm::CmpInst::ICMP_EQ; break;
          case PlanOp::Ne: p = llvm::CmpInst::ICMP_NE; break;
          case PlanOp::Lt: p = llvm::CmpInst::ICMP_SLT; break;
          case PlanOp::Le: p = llvm::CmpInst::ICMP_SLE; break;
          case PlanOp::Gt: p = llvm::CmpInst::ICMP_SGT; break;
          default: p = llvm::CmpInst::ICMP_SGE;
        }
        return boolean(valid, b_.CreateICmp(p, a.v, b.v));
      }
      case PlanOp::And:
      case PlanOp::Or: {
        // SQL's three-valued logic: false and unknown = false, true or unknown = true.
        auto sides = [&](size_t i, llvm::Value*& is_true, llvm::Value*& is_false) {
          if (type_of(i) == VType::Null) {
            is_true = is_false = b_.getFalse();
            return;
          }
          Val x = arg(i);
          is_true = b_.CreateAnd(x.valid, b_.CreateICmpNE(x.v, b_.getInt64(0)));
          is_false = b_.CreateAnd(x.valid, b_.CreateICmpEQ(x.v, b_.getInt64(0)));
        };
        llvm::Value *at, *af, *bt, *bf;
        sides(0, at, af);
        sides(1, bt, bf);
        if (n.op == PlanOp::And)
          return boolean(b_.CreateOr(b_.CreateOr(af, bf), b_.CreateAnd(at, bt)), b_.CreateAnd(at, bt));
        return boolean(b_.CreateOr(b_.CreateOr(at, bt), b_.CreateAnd(af, bf)), b_.CreateOr(at, bt));
      }
      case PlanOp::In:
      case PlanOp::NotIn: {
        VType ta = type_of(0);
        if (ta == VType::Null) return null(t);
        Val a = arg(0);
        if (ta == VType::Str) return lookup(e.code_table[id], a);
        const PlanNode& list = e.plan.nodes[n.args[1]];
        llvm::Value* x = num(a, ta);
        llvm::Value* found = b_.getFalse();
        for (double c : list.num_list) found = b_.CreateOr(found, b_.CreateFCmpOEQ(x, llvm::ConstantFP::get(f64_, c)));
        if (n.op == PlanOp::NotIn) found = b_.CreateNot(found);
        return boolean(a.valid, found);
      }
      case PlanOp::IsNull:
      case PlanOp::IsNotNull: {
        llvm::Value* valid = type_of(0) == VType::Null ? b_.getFalse() : arg(0).valid;
        return boolean(b_.getTrue(), n.op == PlanOp::IsNull ? b_.CreateNot(valid) : valid);
      }
      case PlanOp::Call: return call(e, id, row);
      default: return null(t);  // kernel_spec.cpp admits no other node
    }
  }

  // The scalar functions kernel_spec.cpp admits, as runtime/eval.cpp call() computes them.
  Val call(const ExprSpec& e, int id, llvm::Value* row) {
    const PlanNode& n = e.plan.nodes[id];
    VType t = e.types[id];
    switch (n.fn) {
      case BuiltinId::If:
      case BuiltinId::Coalesce:
      case BuiltinId::Least:
      case BuiltinId::Greatest: return choose(e, id, row);
      default: break;
    }
    VType ta = e.types[n.args[0]];
    if (ta == VType::Null) return null(t);
    switch (n.fn) {
      case BuiltinId::Date:
      case BuiltinId::Weekday:
      case BuiltinId::HourOf: {
        // runtime/eval.cpp: the local wall-clock time (a date is its midnight), the day by floor
        // division, weekday_of(int32_t(day)) + 1 and the whole hours since the local midnight.
        // Plain wrapping int64 arithmetic, as the interpreter's on far instants.
        const int64_t kDay = rt::kMicrosPerDay;
        Val x = expr(e, n.args[0], row);
        llvm::Value* local = ta == VType::Date ? b_.CreateMul(x.v, b_.getInt64(kDay)) : to_local(x.v);
        llvm::Value* day = b_.CreateSelect(
            b_.CreateICmpSGE(local, b_.getInt64(0)), b_.CreateSDiv(local, b_.getInt64(kDay)),
            b_.CreateSDiv(b_.CreateAdd(b_.CreateSub(local, b_.getInt64(kDay)), b_.getInt64(1)), b_.getInt64(kDay)));
        if (n.fn == BuiltinId::Date) return {x.valid, day};
        if (n.fn == BuiltinId::Weekday) {
          // weekday_mon0: floor_mod(days + 3, 7) of the int32 day
          llvm::Value* d = b_.CreateAdd(b_.CreateSExt(b_.CreateTrunc(day, i32_), i64_), b_.getInt64(3));
          llvm::Value* m = b_.CreateSRem(d, b_.getInt64(7));
          m = b_.CreateSelect(b_.CreateICmpSLT(m, b_.getInt64(0)), b_.CreateAdd(m, b_.getInt64(7)), m);
          return {x.valid, b_.CreateSIToFP(b_.CreateAdd(m, b_.getInt64(1)), f64_)};
        }
        llvm::Value* in_day = b_.CreateSub(local, b_.CreateMul(day, b_.getInt64(kDay)));
        return {x.valid, b_.CreateSIToFP(b_.CreateSDiv(in_day, b_.getInt64(rt::kMicrosPerHour)), f64_)};
      }
      case BuiltinId::Hours:
      case BuiltinId::Minutes:
      case BuiltinId::Days: {
        double unit = n.fn == BuiltinId::Hours     ? rt::kMicrosPerHour
                      : n.fn == BuiltinId::Minutes ? rt::kMicrosPerMinute
                                                   : rt::kMicrosPerDay;
        Val d = expr(e, n.args[0], row);
        return {d.valid, b_.CreateFDiv(b_.CreateSIToFP(d.v, f64_), llvm::ConstantFP::get(f64_, unit))};
      }
      default: break;
    }
    // abs, floor, ceil, round: computed on the double; a duration goes back to int64 as C++'s cast does.
    double scale = 1;
    if (n.fn == BuiltinId::Round && n.args.size() > 1) {
      const PlanNode& digits = e.plan.nodes[n.args[1]];
      if (e.types[n.args[1]] == VType::Null) return null(t);
      scale = std::pow(10.0, digits.num);  // the same libm call the interpreter makes for every row
    }
    Val x = expr(e, n.args[0], row);
    llvm::Value* v = num(x, ta);
    llvm::Value* r;
    switch (n.fn) {
      case BuiltinId::Abs: r = b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, v); break;
      case BuiltinId::Floor: r = b_.CreateUnaryIntrinsic(llvm::Intrinsic::floor, v); break;
      case BuiltinId::Ceil: r = b_.CreateUnaryIntrinsic(llvm::Intrinsic::ceil, v); break;
      default: {
        // std::round: half away from zero (llvm.round), then back by the same scale.
        llvm::Value* s = llvm::ConstantFP::get(f64_, scale);
        r = b_.CreateFDiv(b_.CreateUnaryIntrinsic(llvm::Intrinsic::round, b_.CreateFMul(v, s)), s);
      }
    }
    if (t == VType::Num) return {x.valid, r};
    return time_value(x.valid, r, /*round=*/false);
  }

  // if, coalesce, least, greatest as runtime/eval.cpp call() computes them, for value arguments of the
  // result's type or null-typed (kernel_spec.cpp admits no other): branch-free selects.
  Val choose(const ExprSpec& e, int id, llvm::Value* row) {
    const PlanNode& n = e.plan.nodes[id];
    VType t = e.types[id];
    if (t == VType::Null) return null(t);
    auto value = [&](size_t i) { return e.types[n.args[i]] == VType::Null ? null(t) : expr(e, n.args[i], row); };
    if (n.fn == BuiltinId::If) {
      llvm::Value* c = truth(e, n.args[0], row);  // unknown takes the `else` value
      Val x = value(1), y = value(2);
      return {b_.CreateSelect(c, x.valid, y.valid), b_.CreateSelect(c, x.v, y.v)};
    }
    // The first valid argument (coalesce), or the first one that no later one beats strictly by `less`
    // through num() as doubles (least, greatest): ties and NaN keep the earlier value.
    Val out = null(t);
    for (size_t i = 0; i < n.args.size(); ++i) {
      if (e.types[n.args[i]] == VType::Null) continue;
      Val v = value(i);
      llvm::Value* take;
      if (n.fn == BuiltinId::Coalesce) {
        take = b_.CreateAnd(v.valid, b_.CreateNot(out.valid));
      } else {
        llvm::Value *a = num(v, t), *o = num(out, t);
        llvm::Value* beats = n.fn == BuiltinId::Least ? b_.CreateFCmpOLT(a, o) : b_.CreateFCmpOLT(o, a);
        take = b_.CreateAnd(v.valid, b_.CreateOr(b_.CreateNot(out.valid), beats));
      }
      out = {b_.CreateOr(out.valid, v.valid), b_.CreateSelect(take, v.v, out.v)};
    }
    return out;
  }

  // A duration or instant computed as the double `r` (stdlib/time_range.h): null outside the language's
  // time range, as in runtime/eval.cpp; else r as int64, rounded (llround, arithmetic) or truncated (as
  // C++'s cast, after abs/floor/ceil/round). An out-of-range r is converted as 0, so that the conversion
  // is defined for every r, NaN included.
  Val time_value(llvm::Value* valid, llvm::Value* r, bool round) {
    llvm::Value* limit = llvm::ConstantFP::get(f64_, static_cast<double>(stdlib::kTimeLimitMicros));
    llvm::Value* in_range = b_.CreateFCmpOLT(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, r), limit);
    llvm::Value* safe = b_.CreateSelect(in_range, r, llvm::ConstantFP::get(f64_, 0.0));
    llvm::Value* value = round ? b_.CreateCall(llround_, {safe}) : b_.CreateFPToSI(safe, i64_);
    return {b_.CreateAnd(valid, in_range), value};
  }

  // A text comparison answered by the code table `table` at the code of text column value `x`.
  // A condition over one text column answered per dictionary code (kernel_abi.h, CodeTable::predicate):
  // the byte at code + 1 (0 for a null row) holds known (bit 0) and true (bit 1).
  Val predicate(int table, llvm::Value* row) {
    Val x = column(static_cast<size_t>(spec_.layout.code_tables[table].column), row);
    llvm::Value* index =
        b_.CreateSelect(x.valid, b_.CreateAdd(b_.CreateZExt(x.v, i64_), b_.getInt64(1)), b_.getInt64(0));
    llvm::Value* bytes = slot(rt::table_slot(spec_.layout, static_cast<size_t>(table)));
    llvm::Value* byte = b_.CreateLoad(i8_, b_.CreateGEP(i8_, bytes, index));
    llvm::Value* known = b_.CreateICmpNE(b_.CreateAnd(byte, b_.getInt8(1)), b_.getInt8(0));
    return boolean(known, b_.CreateICmpNE(b_.CreateAnd(byte, b_.getInt8(2)), b_.getInt8(0)));
  }

  Val lookup(int table, const Val& x) {
    llvm::Value* bytes = slot(rt::table_slot(spec_.layout, static_cast<size_t>(table)));
    llvm::Value* byte = b_.CreateLoad(i8_, b_.CreateGEP(i8_, bytes, b_.CreateZExt(x.v, i64_)));
    return boolean(x.valid, b_.CreateICmpNE(byte, b_.getInt8(0)));
  }

  llvm::Module& m_;
  llvm::LLVMContext& ctx_;
  const IndicatorSpec& spec_;
  llvm::FunctionCallee llround_;
  std::string cpu_, features_;
  llvm::IRBuilder<> b_;
  llvm::Type *i8_, *i32_, *i64_, *f64_;
  llvm::PointerType* ptr_;
  llvm::Value* args_ = nullptr;
  llvm::BasicBlock* entry_ = nullptr;
  std::map<size_t, llvm::Value*> slots_;
  ZoneCache zone_;
};

}  // namespace

Result<void> emit_kernels(llvm::Module& m, const std::vector<const IndicatorSpec*>& specs, const std::string& cpu,
                          const std::string& features) {
  llvm::LLVMContext& c = m.getContext();
  llvm::FunctionCallee llround = m.getOrInsertFunction(
      "llround", llvm::FunctionType::get(llvm::Type::getInt64Ty(c), {llvm::Type::getDoubleTy(c)}, false));
  if (auto* f = llvm::dyn_cast<llvm::Function>(llround.getCallee())) f->addFnAttr(llvm::Attribute::NoUnwind);
  for (const IndicatorSpec* s : specs) {
    KernelEmitter em(m, *s, llround, cpu, features);
    em.emit_select();
    em.emit_update();
  }
  std::string verify;
  llvm::raw_string_ostream vs(verify);
  if (llvm::verifyModule(m, &vs)) return Failure{"internal error: the generated kernels are malformed: " + vs.str()};
  return {};
}

}  // namespace jixiao::jit
