// The heatmap's colours, one definition for every view: the grid gives each legend entry its swatch
// here (runtime/heatmap.cpp), so a band has the same colour in the terminal, the SVG and the HTML page.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace jixiao::rt::heatmap {

struct Rgb {
  uint8_t r = 0, g = 0, b = 0;
  bool operator==(const Rgb&) const = default;
};
std::string hex(Rgb c);  // "#34a853"

// A colour pair: the cell's fill and the text drawn on it.
struct Swatch {
  Rgb fill;
  Rgb text;
  bool operator==(const Swatch&) const = default;
};

// The palette (one definition for every view). Bands named green, yellow, red (and orange, blue,
// purple) get that colour; other names get a colour of a fixed palette chosen by a hash of the name,
// moving to the next free colour when an earlier band of the same legend already has it.
Swatch band_swatch(const std::string& band, const std::vector<Rgb>& taken);
Swatch no_band_swatch();
Swatch inactive_swatch();
Swatch empty_swatch();  // the SVG fill of an empty cell (the terminal leaves it uncoloured)

}  // namespace jixiao::rt::heatmap
