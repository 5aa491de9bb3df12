// `jixiao test`: runs the `test` blocks of a project (docs/language-reference.md, declarations). Each test
// evaluates the project's rules over its own `given` tables at its `as_of` and checks its `expect` lines.
#pragma once
#include <string>
#include <vector>

#include "compiler/frontend/frontend.h"

namespace jixiao::testing {

struct ExpectFailure {
  std::string where;  // file:line:column of the failing `expect`
  std::string expect;  // the line as written
  std::string detail;  // expected vs actual, or what was missing
};

struct TestOutcome {
  std::string title;
  std::string where;  // file:line of the test
  std::vector<ExpectFailure> failures;
  std::string error;  // the test could not run (bad table, unreadable fixture)
  bool passed() const { return failures.empty() && error.empty(); }
};

// Runs every test of a project that checked without errors; `filter` keeps titles containing it.
std::vector<TestOutcome> run_tests(const CheckedProject& project, const std::string& filter = "");

}  // namespace jixiao::testing
