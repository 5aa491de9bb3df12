// The range of the language's time values (docs/decisions.md 40). Instants (microseconds since
// 1970-01-01 UTC) and durations (microseconds) lie strictly within +-2^62 us, about 146,000 years:
// far beyond any business date, yet with room that lets the runtime negate a value, add a zone offset or
// subtract two instants without overflowing int64. Arithmetic whose result falls outside is null, as
// division by zero is; a duration literal outside is a compile error and a data value outside is
// quarantined.
#pragma once
#include <cmath>
#include <cstdint>

namespace jixiao::stdlib {

inline constexpr int64_t kTimeLimitMicros = int64_t(1) << 62;

// Whether a computed time value (a double on its way back to int64 microseconds) is in range; NaN is not.
inline bool time_in_range(double micros) { return std::fabs(micros) < double(kTimeLimitMicros); }
inline bool time_in_range(int64_t micros) { return micros > -kTimeLimitMicros && micros < kTimeLimitMicros; }

}  // namespace jixiao::stdlib
