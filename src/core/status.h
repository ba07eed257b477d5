// Status and Result<T>: the error values that cross every module edge in Tamis.
// A Status is a code plus a human-readable message naming the file, line or field at
// fault. Result<T> holds either a T or a non-OK Status. Both are cheap to move and
// safe to share across threads once built (they are plain values).
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace tamis {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,   // the caller's input is wrong (bad flag, bad record)
  kParseError,        // outside data (a list, an image, a message) is malformed
  kNotFound,          // a file, entity or version does not exist
  kAlreadyExists,     // a unique thing would be created twice
  kFailedPrecondition,// the system is not in a state that allows the call
  kResourceExhausted, // a configured limit (size, pixels, memory) would be exceeded
  kUnavailable,       // a network peer or device did not answer
  kIoError,           // the operating system refused a read or write
  kDataLoss,          // stored data fails its integrity check
  kUnimplemented,     // the feature is not built into this binary
  kInternal,          // a bug: an invariant does not hold
};

// Returns a stable lower-case name for `code`, e.g. "parse_error".
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "parse_error: un.xml line 12: element INDIVIDUAL: missing REFERENCE_NUMBER"
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context + ": "`.
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status ParseError(std::string m) { return {StatusCode::kParseError, std::move(m)}; }
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
inline Status FailedPrecondition(std::string m) { return {StatusCode::kFailedPrecondition, std::move(m)}; }
inline Status ResourceExhausted(std::string m) { return {StatusCode::kResourceExhausted, std::move(m)}; }
inline Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
inline Status DataLoss(std::string m) { return {StatusCode::kDataLoss, std::move(m)}; }
inline Status Unimplemented(std::string m) { return {StatusCode::kUnimplemented, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

// Either a value or an error Status (never an OK Status without a value).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}                   // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {             // NOLINT: implicit by design
    assert(!std::get<Status>(v_).ok() && "Result built from an OK Status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  // The error; an OK Status when a value is held.
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }

  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace tamis

// Propagates a non-OK Status from an expression returning Status.
#define TAMIS_RETURN_IF_ERROR(expr)          \
  do {                                       \
    ::tamis::Status _st = (expr);            \
    if (!_st.ok()) return _st;               \
  } while (0)

#define TAMIS_CONCAT_INNER_(a, b) a##b
#define TAMIS_CONCAT_(a, b) TAMIS_CONCAT_INNER_(a, b)
// `TAMIS_ASSIGN_OR_RETURN(auto x, F());` binds x to F()'s value or returns its Status.
#define TAMIS_ASSIGN_OR_RETURN(lhs, expr) \
  TAMIS_ASSIGN_OR_RETURN_IMPL_(TAMIS_CONCAT_(_res_, __LINE__), lhs, expr)
#define TAMIS_ASSIGN_OR_RETURN_IMPL_(res, lhs, expr) \
  auto res = (expr);                                 \
  if (!res.ok()) return res.status();                \
  lhs = std::move(res).value()
