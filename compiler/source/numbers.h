// Numbers as text, in the two ways the project writes them: exactly (rule text, ids, labels: the shortest
// decimal that reads back as the same double, never an exponent) and rounded for people (messages).
#pragma once
#include <string>

namespace jixiao {

// `3`, `0.1`, `1000000`, `-2.5`: what the formatter writes for a literal and the heatmap for a number
// cell; integers below 1e15 without a fraction.
std::string number_text(double v);
// `12`, `12.35`, `0.1235`: whole numbers as integers, others to cents when at least 1, else four
// significant digits (alert messages, where money and small rates are read).
std::string rounded_number_text(double v);

}  // namespace jixiao
