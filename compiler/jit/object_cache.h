// The on-disk cache of compiled kernels: one object file per rule set, named by a SHA-256 of everything
// the machine code depends on (the code generator's version, the host CPU and LLVM, every kernel's
// spec). A later run of the same rules on the same machine loads the file instead of compiling. No
// LLVM here: native_jit.cpp hands it bytes.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jixiao::jit {

class ObjectCache {
 public:
  // `dir` empty: no cache (every call finds nothing and writes nothing).
  explicit ObjectCache(std::string dir) : dir_(std::move(dir)) {}
  bool enabled() const { return !dir_.empty(); }

  // The file that holds the object for these parts of the key (hex SHA-256 of their concatenation).
  std::string file_for(const std::vector<std::string_view>& key_parts) const;
  // The file's bytes, or nothing when it is absent or unreadable.
  static std::optional<std::string> read(const std::string& file);
  // Written beside, then renamed, so that a reader never sees half a file; false when it cannot be.
  static bool write(const std::string& file, std::string_view bytes);
  static void remove(const std::string& file);

 private:
  std::string dir_;
};

}  // namespace jixiao::jit
