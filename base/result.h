// An expected failure at a boundary (docs/architecture.md, "Errors"): a function that can fail for a
// reason outside Jixiao (the host has no target the JIT can use, LLVM cannot link an object) returns a
// Result<T>, its value or a message that the caller words into its own and acts on (the runtime then
// interprets instead). Not for a user's mistake (UserError) nor for a bug (JX_CHECK): reading the value
// of a failure, or the error of a success, is one.
//
// The project is C++20, without std::expected; this is the part of it that is used.
//   Result<std::unique_ptr<Jit>> create();  ...  return Failure{"no target"};  ...  return jit;
#pragma once
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "base/errors.h"

namespace jixiao {

// What a failed Result holds: `return Failure{message};` makes a failure of any Result<T>.
struct Failure {
  std::string message;
};

template <class T>
class Result;

namespace result_detail {
// What makes a successful Result<T>: a T or anything that converts to one (unique_ptr<Derived> for
// unique_ptr<Base>), but not a Failure or a Result.
template <class U, class T>
concept Value = std::is_convertible_v<U&&, T> && !std::is_same_v<std::remove_cvref_t<U>, Failure> &&
                !std::is_same_v<std::remove_cvref_t<U>, Result<T>>;
}  // namespace result_detail

template <class T>
class [[nodiscard]] Result {
 public:
  template <result_detail::Value<T> U = T>
  Result(U&& value) : state_(std::in_place_index<0>, std::forward<U>(value)) {}
  Result(Failure failure) : state_(std::in_place_index<1>, std::move(failure.message)) {}

  bool ok() const { return state_.index() == 0; }

  T& value() & {
    JX_CHECK(ok(), "the value of a failed Result: " + std::get<1>(state_));
    return std::get<0>(state_);
  }
  const T& value() const& {
    JX_CHECK(ok(), "the value of a failed Result: " + std::get<1>(state_));
    return std::get<0>(state_);
  }
  T&& value() && {
    JX_CHECK(ok(), "the value of a failed Result: " + std::get<1>(state_));
    return std::get<0>(std::move(state_));
  }
  const std::string& error() const {
    JX_CHECK(!ok(), "the error of a successful Result");
    return std::get<1>(state_);
  }

 private:
  std::variant<T, std::string> state_;  // by index: T may be std::string
};

// Success without a value, or a failure.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Failure failure) : failed_(true), error_(std::move(failure.message)) {}

  bool ok() const { return !failed_; }
  const std::string& error() const {
    JX_CHECK(!ok(), "the error of a successful Result");
    return error_;
  }

 private:
  bool failed_ = false;
  std::string error_;
};

}  // namespace jixiao
