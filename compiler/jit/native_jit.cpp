// The LLJIT of the host: the target machine, the optimisation pipeline, code generation, the disk
// cache (object_cache.h) and the JITDylibs that hold each rule set's kernels. With codegen.cpp (the IR),
// one of the two translation units that include LLVM (their headers are slow to compile).
#include "compiler/jit/native_jit.h"

#include "compiler/jit/codegen.h"
#include "compiler/jit/object_cache.h"

#include <llvm/Config/llvm-config.h>
#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Object/ObjectFile.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Transforms/Scalar/SROA.h>
#include <llvm/Transforms/Scalar/EarlyCSE.h>
#include <llvm/Transforms/InstCombine/InstCombine.h>
#include <llvm/Transforms/Scalar/SimplifyCFG.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Target/TargetMachine.h>

#include <chrono>

namespace jixiao::jit {

namespace {

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

std::string error_text(llvm::Error e) { return llvm::toString(std::move(e)); }

// A short function pipeline rather than LLVM's default O1-O3 ones (10x their compile time here, and no
// faster kernels, bench_jit): the kernels are single loops without calls to inline, whose select loop
// (a compress) the loop vectoriser does not vectorise and whose update loop scatters to group arrays.
// SROA promotes the zone cache's allocas, the rest folds, shares and simplifies what the emitter wrote
// plainly.
void optimise(llvm::Module& m, llvm::TargetMachine& tm) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(&tm);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::FunctionPassManager fpm;
  fpm.addPass(llvm::SROAPass(llvm::SROAOptions::ModifyCFG));
  fpm.addPass(llvm::EarlyCSEPass());
  fpm.addPass(llvm::InstCombinePass());
  fpm.addPass(llvm::SimplifyCFGPass());
  fpm.addPass(llvm::EarlyCSEPass());
  fpm.addPass(llvm::InstCombinePass());
  fpm.addPass(llvm::SimplifyCFGPass());
  llvm::ModulePassManager mpm;
  mpm.addPass(llvm::createModuleToFunctionPassAdaptor(std::move(fpm)));
  mpm.run(m, mam);
}

class LoadedKernelsImpl : public LoadedKernels {
 public:
  LoadedKernelsImpl(llvm::orc::LLJIT& jit, llvm::orc::JITDylib& jd, llvm::orc::ResourceTrackerSP tracker)
      : jit_(jit), jd_(jd), tracker_(std::move(tracker)) {}
  ~LoadedKernelsImpl() override {
    if (llvm::Error e = tracker_->remove()) llvm::consumeError(std::move(e));
    if (llvm::Error e = jit_.getExecutionSession().removeJITDylib(jd_)) llvm::consumeError(std::move(e));
  }
  rt::KernelFns kernel(size_t i) const override { return fns_[i]; }

  llvm::Error resolve(const std::vector<const IndicatorSpec*>& specs) {
    for (const IndicatorSpec* s : specs) {
      rt::KernelFns k;
      auto sel = jit_.lookup(jd_, select_name(*s));
      if (!sel) return sel.takeError();
      auto upd = jit_.lookup(jd_, update_name(*s));
      if (!upd) return upd.takeError();
      k.select = sel->toPtr<rt::SelectFn>();
      k.update = upd->toPtr<rt::UpdateFn>();
      fns_.push_back(k);
    }
    return llvm::Error::success();
  }

 private:
  llvm::orc::LLJIT& jit_;
  llvm::orc::JITDylib& jd_;
  llvm::orc::ResourceTrackerSP tracker_;
  std::vector<rt::KernelFns> fns_;
};

}  // namespace

struct NativeJit::Impl {
  std::unique_ptr<llvm::orc::LLJIT> jit;
  std::unique_ptr<llvm::TargetMachine> tm;
  std::string triple, cpu, features, host;
  uint64_t next_dylib = 0;

  // The cache file of these kernels compiled here: everything the machine code depends on. The
  // optimisation and code generation of this file are covered by kCodegenVersion too.
  std::string cache_file(const ObjectCache& cache, const std::vector<const IndicatorSpec*>& specs) const {
    const std::string head = std::string(kCodegenVersion) + "\n" + triple + "\n" + cpu + "\n" + features + "\nLLVM " +
                             LLVM_VERSION_STRING + "\n";
    std::vector<std::string_view> parts{head};
    for (const IndicatorSpec* s : specs) parts.push_back(s->key);
    return cache.file_for(parts);
  }

  // Adds an object file to a fresh JITDylib and finds every kernel in it.
  Result<std::unique_ptr<LoadedKernels>> link(std::unique_ptr<llvm::MemoryBuffer> object,
                                              const std::vector<const IndicatorSpec*>& specs) {
    auto jd = jit->createJITDylib("jixiao-rules-" + std::to_string(next_dylib++));
    if (!jd) return Failure{error_text(jd.takeError())};
    // Generated code may call into the C library (llround, memset).
    auto gen = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(jit->getDataLayout().getGlobalPrefix());
    if (!gen) {
      std::string error = error_text(gen.takeError());
      if (llvm::Error e = jit->getExecutionSession().removeJITDylib(*jd)) llvm::consumeError(std::move(e));
      return Failure{std::move(error)};
    }
    jd->addGenerator(std::move(*gen));
    llvm::orc::ResourceTrackerSP tracker = jd->createResourceTracker();
    auto loaded = std::make_unique<LoadedKernelsImpl>(*jit, *jd, tracker);
    llvm::Error e = jit->addObjectFile(tracker, std::move(object));
    if (!e) e = loaded->resolve(specs);
    if (e) return Failure{error_text(std::move(e))};  // ~LoadedKernelsImpl releases the dylib
    return loaded;
  }
};

NativeJit::NativeJit(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
NativeJit::~NativeJit() = default;

const std::string& NativeJit::host() const { return impl_->host; }

Result<std::unique_ptr<NativeJit>> NativeJit::create() {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!jtmb) return Failure{error_text(jtmb.takeError())};
  // Code generation is most of the compile time. Less with FastISel (set on the target machine below):
  // about 20% less of it than SelectionDAG for scans a few percent slower; None (FastISel and the fast
  // register allocator) would be 7x faster to compile but slows a selective scan by half (bench_jit).
  jtmb->setCodeGenOptLevel(llvm::CodeGenOpt::Less);
  auto impl = std::make_unique<Impl>();
  impl->triple = jtmb->getTargetTriple().str();
  impl->cpu = jtmb->getCPU();
  impl->features = jtmb->getFeatures().getString();
  impl->host = impl->triple + " " + impl->cpu;
  for (const char* f : {"avx2", "avx512f"})
    if (impl->features.find(std::string("+") + f) != std::string::npos) impl->host += std::string(" +") + f;
  impl->host += std::string(" LLVM ") + LLVM_VERSION_STRING;
  auto tm = jtmb->createTargetMachine();
  if (!tm) return Failure{error_text(tm.takeError())};
  impl->tm = std::move(*tm);
  impl->tm->setFastISel(true);
  auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(*jtmb).create();
  if (!jit) return Failure{error_text(jit.takeError())};
  impl->jit = std::move(*jit);
  return std::unique_ptr<NativeJit>(new NativeJit(std::move(impl)));
}

Result<std::unique_ptr<LoadedKernels>> NativeJit::load(const std::vector<const IndicatorSpec*>& specs,
                                                       const CompileOptions& options, CompileStats& stats) {
  auto t0 = std::chrono::steady_clock::now();
  stats = CompileStats{};
  stats.kernels = specs.size();
  Impl& im = *impl_;
  const ObjectCache cache(options.cache_dir);
  std::string file;
  if (cache.enabled()) {
    file = im.cache_file(cache, specs);
    stats.cache_file = file;
    if (auto bytes = ObjectCache::read(file)) {
      auto t1 = std::chrono::steady_clock::now();
      auto buffer = llvm::MemoryBuffer::getMemBufferCopy(*bytes, file);
      std::string why;
      // A damaged file is compiled again and replaced.
      if (auto obj = llvm::object::ObjectFile::createObjectFile(buffer->getMemBufferRef()); !obj) {
        why = error_text(obj.takeError());
      } else if (auto loaded = im.link(std::move(buffer), specs); !loaded.ok()) {
        why = loaded.error();
      } else {
        stats.from_cache = true;
        stats.load_ms = ms_since(t1);
        stats.total_ms = ms_since(t0);
        return loaded;
      }
      stats.cache_note = "the cached object " + file + " could not be used (" + why + "); compiled again";
      ObjectCache::remove(file);
    }
  }

  auto t1 = std::chrono::steady_clock::now();
  llvm::LLVMContext ctx;
  auto module = std::make_unique<llvm::Module>("jixiao-kernels", ctx);
  module->setDataLayout(im.tm->createDataLayout());
  module->setTargetTriple(im.triple);
  if (Result<void> built = emit_kernels(*module, specs, im.cpu, im.features); !built.ok())
    return Failure{built.error()};
  stats.build_ms = ms_since(t1);

  auto t2 = std::chrono::steady_clock::now();
  optimise(*module, *im.tm);
  stats.optimise_ms = ms_since(t2);

  auto t3 = std::chrono::steady_clock::now();
  llvm::orc::SimpleCompiler compile(*im.tm);
  auto object = compile(*module);
  if (!object) return Failure{error_text(object.takeError())};
  stats.codegen_ms = ms_since(t3);
  stats.object_bytes = (*object)->getBufferSize();

  if (!file.empty()) {
    llvm::StringRef bytes = (*object)->getBuffer();
    if (!ObjectCache::write(file, std::string_view(bytes.data(), bytes.size())))
      stats.cache_note = "could not write the cache file " + file;
  }

  auto t4 = std::chrono::steady_clock::now();
  auto loaded = im.link(std::move(*object), specs);
  stats.load_ms = ms_since(t4);
  stats.total_ms = ms_since(t0);
  return loaded;
}

}  // namespace jixiao::jit
