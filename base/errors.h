// The two kinds of failure, one style each (docs/architecture.md, "Errors").
//
// A user's failure (data that cannot be read, a store that cannot be written, a folder that does not
// exist) is a UserError: its message is for the person at the terminal and its exit code says whose
// move it is (1: the input has errors, 2: a wrong argument). Commands catch UserError; the daemon turns it
// into a JSON error.
//
// A broken invariant is a bug in Jixiao: JX_CHECK(condition, message) throws an InternalError naming the
// file and line, which `main` reports as a bug with exit 3 and the daemon as a 500. It is never used
// for anything a user can cause: a test that reaches one fails.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>

namespace jixiao {

struct UserError : std::runtime_error {
  UserError(const std::string& message, int exit_code) : std::runtime_error(message), exit_code(exit_code) {}
  int exit_code;
};

// A path or option that names nothing usable: exit 2.
struct ArgumentError : UserError {
  explicit ArgumentError(const std::string& message) : UserError(message, 2) {}
};

struct InternalError : std::logic_error {
  using std::logic_error::logic_error;
};

[[noreturn]] inline void internal_error(const char* file, int line, std::string_view what) {
  throw InternalError(std::string(file) + ":" + std::to_string(line) + ": " + std::string(what));
}

}  // namespace jixiao

#define JX_CHECK(condition, message) \
  ((condition) ? static_cast<void>(0) : ::jixiao::internal_error(__FILE__, __LINE__, (message)))
// A place that a correct program never reaches (an unhandled case, a missing implementation).
#define JX_UNREACHABLE(message) ::jixiao::internal_error(__FILE__, __LINE__, (message))
