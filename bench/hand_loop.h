// The hand-written C++ loops of bench_indicators (the practical limit): the filtered ratio per batch per
// day over the table's columns, as a programmer who knows the data would write it. hand_loop.cpp is
// compiled with -O3 -march=native (bench/CMakeLists.txt).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace jixiao::bench {

struct HandLoopInput {
  size_t rows = 0;
  const int32_t* batch = nullptr;  // dictionary codes, 0 .. batches-1
  int32_t batches = 0;
  const uint8_t* line_valid = nullptr;
  const int32_t* line = nullptr;
  int32_t excluded_line = -1;  // the code of "L00" (-1: no row has it)
  const int64_t* when = nullptr;  // microseconds, UTC; required (no nulls)
  int64_t utc_offset_us = 0;  // Asia/Shanghai: +8h all year (no daylight saving since 1991)
  const uint8_t* result_valid = nullptr;
  const int32_t* result = nullptr;
  int32_t ng = -1;
};

struct GroupValue {
  int32_t batch;  // dictionary code
  int64_t day;  // local days since 1970-01-01
  double value;  // count(NG) / count()
};

// Dense counters indexed by batch code x day (one pass for the day range, one to count); values ordered
// by batch code, then day.
std::vector<GroupValue> hand_loop_dense(const HandLoopInput& in);
// The same with a hash map keyed by (batch, day), as a generic group-by does; values in no order.
std::vector<GroupValue> hand_loop_hash(const HandLoopInput& in);

}  // namespace jixiao::bench
