// Scalar's equality and ordering (nulls first; text by text, numbers by value) and reading one value out
// of a Vec or a column cell, as the runners and the results store need them.
#include "runtime/scalar.h"

namespace jixiao::rt {

bool Scalar::operator==(const Scalar& o) const {
  if (valid != o.valid) return false;
  if (!valid) return true;
  if (type == VType::Str || o.type == VType::Str) return str == o.str;
  if (type == VType::Num || o.type == VType::Num) return num == o.num;
  return i64 == o.i64;
}

bool Scalar::operator<(const Scalar& o) const {
  if (valid != o.valid) return !valid;  // nulls first
  if (!valid) return false;
  if (type == VType::Str) return str < o.str;
  if (type == VType::Num) return num < o.num;
  return i64 < o.i64;
}

Scalar scalar_at(const Vec& v, size_t k) {
  Scalar s;
  s.type = v.type;
  if (v.type == VType::Null || !v.valid[k]) return s;
  s.valid = true;
  if (v.type == VType::Num)
    s.num = v.f64[k];
  else if (v.type == VType::Str)
    s.str = std::string(v.str[k]);
  else
    s.i64 = v.i64[k];
  return s;
}

Scalar cell_scalar(const Column& c, VType type, size_t row) {
  // What read_column would make of the one cell, without a Vec: this runs for every cell a run prints.
  Scalar s;
  s.type = type;
  if (type == VType::Null || !c.is_valid(row)) return s;
  s.valid = true;
  switch (c.kind) {
    case ColumnKind::Number: s.num = c.f64[row]; break;
    case ColumnKind::Int:
      s.num = static_cast<double>(c.i64[row]);
      s.i64 = c.i64[row];
      s.integral = true;
      break;
    case ColumnKind::String:
    case ColumnKind::Enum: s.str = c.dict()[static_cast<size_t>(c.codes[row])]; break;
    default: s.i64 = c.i64[row];
  }
  return s;
}

}  // namespace jixiao::rt
