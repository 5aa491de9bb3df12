// Group ids for (entity codes..., period bucket) keys: an open-addressing hash table over fixed-width
// int64 keys stored flat, so finding a row's group allocates nothing (docs/architecture.md, execution model).
#pragma once
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

namespace jixiao::rt {

class GroupTable {
 public:
  explicit GroupTable(size_t width) : width_(width), slots_(1024, kEmpty) {}

  size_t size() const { return count_; }
  size_t width() const { return width_; }
  const int64_t* key(uint32_t group) const { return keys_.data() + size_t(group) * width_; }

  // The group of `key` (width_ values) and whether it was just created.
  std::pair<uint32_t, bool> insert(const int64_t* key) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    size_t mask = slots_.size() - 1;
    for (size_t i = hash(key) & mask;; i = (i + 1) & mask) {
      uint32_t g = slots_[i];
      if (g == kEmpty) {
        slots_[i] = static_cast<uint32_t>(count_);
        keys_.insert(keys_.end(), key, key + width_);
        return {static_cast<uint32_t>(count_++), true};
      }
      if (std::memcmp(this->key(g), key, width_ * sizeof(int64_t)) == 0) return {g, false};
    }
  }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;

  uint64_t hash(const int64_t* key) const {
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (size_t i = 0; i < width_; ++i) {
      h ^= static_cast<uint64_t>(key[i]);
      h *= 0xff51afd7ed558ccdULL;
      h ^= h >> 33;
    }
    return h;
  }

  void grow() {
    std::vector<uint32_t> old(slots_.size() * 2, kEmpty);
    old.swap(slots_);
    size_t mask = slots_.size() - 1;
    for (uint32_t g = 0; g < count_; ++g) {
      size_t i = hash(key(g)) & mask;
      while (slots_[i] != kEmpty) i = (i + 1) & mask;
      slots_[i] = g;
    }
  }

  size_t width_;
  size_t count_ = 0;
  std::vector<int64_t> keys_;
  std::vector<uint32_t> slots_;
};

}  // namespace jixiao::rt
