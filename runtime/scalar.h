// One typed value outside a batch (an entity key, an indicator value, an alert's value), and how a
// value is read out of a Vec or a column cell. Split out of the engine so that the values a run hands
// back can be read without the executors behind them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "runtime/eval.h"
#include "runtime/table.h"

namespace jixiao::rt {

// One typed value outside a batch (entity keys, indicator values).
struct Scalar {
  VType type = VType::Null;
  bool valid = false;
  bool integral = false;  // a Num from an `int` column: its exact value is i64, shown as an integer
  double num = 0;
  int64_t i64 = 0;
  std::string str;
  static Scalar null() { return Scalar{}; }
  bool operator==(const Scalar& o) const;
  bool operator<(const Scalar& o) const;
};
Scalar scalar_at(const Vec& v, size_t k);
// The value of one cell of a column (read as `type`), `integral` for an int column.
Scalar cell_scalar(const Column& c, VType type, size_t row);

}  // namespace jixiao::rt
