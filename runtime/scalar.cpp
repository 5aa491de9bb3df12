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
  Vec v;
  read_column(c, type, row, 1, v);
  Scalar s = scalar_at(v, 0);
  if (s.valid && c.kind == ColumnKind::Int) {
    s.integral = true;
    s.i64 = c.i64[row];
  }
  return s;
}

}  // namespace jixiao::rt
