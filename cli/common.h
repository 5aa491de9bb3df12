// Pieces shared by the subcommands.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "compiler/frontend/frontend.h"
#include "runtime/time/time.h"

namespace jixiao::cli {

// Loads and checks a project and prints its diagnostics to stderr (text or json). Returns null when the
// project cannot be read or has errors; `exit_code` then says which (2: unreadable, 1: errors).
std::unique_ptr<CheckedProject> load_and_report(const std::string& path, const std::string& format, int& exit_code,
                                                bool summary = false);

// `--as-of` as a timestamp or a date (midnight) in the project zone.
std::optional<rt::Micros> parse_as_of(const std::string& text, const rt::TimeZone& tz);

}  // namespace jixiao::cli
