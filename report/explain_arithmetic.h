// `explain`'s arithmetic line: the value expression as written with its aggregates and components
// replaced by their numbers (`(4 - 1) / 4`), so a reader can redo the computation by hand.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace jixiao::report {

// The value expression as written with each aggregate (by its text) and each component indicator
// (by its name) replaced by its number. String literals are kept; a name is replaced only as a whole
// word and not when it is called (`round(...)`).
std::string substitute(const std::string& text, const std::vector<std::pair<std::string, std::string>>& aggregates,
                       const std::map<std::string, std::string>& names);

}  // namespace jixiao::report
