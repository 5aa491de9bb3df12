#include "runtime/heatmap_palette.h"

#include <algorithm>
#include <cstdio>

namespace jixiao::rt::heatmap {

namespace {

constexpr Rgb kDarkText{0x1a, 0x1a, 0x1a};
constexpr Rgb kWhite{0xff, 0xff, 0xff};

// Colours for band names of no colour of their own, chosen by a hash of the name (Tableau 10 without
// its green, red and grey, so that they are never mistaken for the traffic-light bands or for grey).
constexpr Swatch kPalette[] = {
    {{0x4e, 0x79, 0xa7}, kWhite},  // blue
    {{0xf2, 0x8e, 0x2b}, kDarkText},  // orange
    {{0x76, 0xb7, 0xb2}, kDarkText},  // teal
    {{0xb0, 0x7a, 0xa1}, kWhite},  // mauve
    {{0x9c, 0x75, 0x5f}, kWhite},  // brown
    {{0xff, 0x9d, 0xa7}, kDarkText},  // pink
    {{0x49, 0x98, 0x94}, kWhite},  // dark teal
    {{0xd4, 0xa6, 0xc8}, kDarkText},  // lilac
};
constexpr size_t kPaletteSize = sizeof(kPalette) / sizeof(kPalette[0]);

struct NamedColour {
  const char* name;
  Swatch swatch;
};
constexpr NamedColour kNamed[] = {
    {"green", {{0x57, 0xb3, 0x6a}, kDarkText}},
    {"yellow", {{0xf6, 0xcd, 0x4c}, kDarkText}},
    {"red", {{0xd9, 0x45, 0x3b}, kWhite}},
    {"orange", kPalette[1]},
    {"blue", kPalette[0]},
    {"purple", kPalette[3]},
};

constexpr Swatch kNoBand{{0xdc, 0xe6, 0xf2}, {0x1f, 0x2d, 0x3d}};
constexpr Swatch kInactive{{0xd0, 0xd0, 0xd0}, {0x55, 0x55, 0x55}};
constexpr Swatch kEmpty{{0xff, 0xff, 0xff}, {0x99, 0x99, 0x99}};

uint64_t fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

}  // namespace

Swatch band_swatch(const std::string& band, const std::vector<Rgb>& taken) {
  for (const auto& n : kNamed)
    if (band == n.name) return n.swatch;
  size_t slot = fnv1a(band) % kPaletteSize;
  for (size_t k = 0; k < kPaletteSize; ++k) {
    const Swatch& s = kPalette[(slot + k) % kPaletteSize];
    if (std::find(taken.begin(), taken.end(), s.fill) == taken.end()) return s;
  }
  return kPalette[slot];
}
Swatch no_band_swatch() { return kNoBand; }
Swatch inactive_swatch() { return kInactive; }
Swatch empty_swatch() { return kEmpty; }

std::string hex(Rgb c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
  return buf;
}

}  // namespace jixiao::rt::heatmap
