// The period grain of `every`, `for N consecutive <grain>s` and period spans: one enum for the checker,
// the plan and the runtime's period arithmetic.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace jixiao::stdlib {

enum class Grain : uint8_t { All, Hour, Day, Week, Month, Quarter, Year };

// hour day week month quarter year, singular or plural; `all` is no word of the language.
std::optional<Grain> parse_grain(std::string_view word);
// `all`, `hour`, ... `year`: the singular, as results and messages write it.
const char* grain_name(Grain g);

}  // namespace jixiao::stdlib
