#pragma once

#include <cstddef>
#include <cstdint>

namespace sigid::policy {

// Lua 5.4 pattern matching (manual §6.4.1), reimplemented so that every step
// is metered. The stock matcher runs in C without ever reaching the count
// hook, so ("a"):rep(4e4):find(".-.-.-b") would hold a thread for hours;
// here each step is charged and the match stops once `tick` says a limit has
// tripped. Pure C++: it never calls Lua, so no longjmp crosses its frames.
class PatternMatch {
 public:
  static constexpr int kMaxCaptures = 32;
  static constexpr std::ptrdiff_t kPositionCapture = -2;
  static constexpr std::ptrdiff_t kUnfinishedCapture = -1;

  // `tick(work)` is called every few hundred steps; false stops the match.
  using Tick = bool (*)(void* context, std::uint64_t work);

  PatternMatch(const char* subject, std::size_t subject_len, const char* pattern, std::size_t pattern_len,
               Tick tick, void* tick_context);

  enum class Status { Matched, NoMatch, Stopped, Malformed };

  // Tries to match at `start` (a pointer into the subject) with the pattern
  // from `pattern_start`. On Matched, end() is one past the match.
  Status matchAt(const char* start, const char* pattern_start);

  const char* end() const { return end_; }
  const char* error() const { return error_; }  // Malformed: Lua's message
  int captureCount() const { return level_; }
  const char* captureStart(int i) const { return captures_[i].init; }
  std::ptrdiff_t captureLength(int i) const { return captures_[i].len; }
  const char* subjectStart() const { return src_init_; }
  const char* subjectEnd() const { return src_end_; }

 private:
  struct Capture {
    const char* init;
    std::ptrdiff_t len;
  };
  struct Stop {};       // thrown when tick() says stop
  struct Malformed {};  // thrown with error_ set

  const char* doMatch(const char* s, const char* p);
  const char* classEnd(const char* p);
  bool singleMatch(const char* s, const char* p, const char* ep) const;
  bool matchBracketClass(int c, const char* p, const char* ec) const;
  const char* maxExpand(const char* s, const char* p, const char* ep);
  const char* minExpand(const char* s, const char* p, const char* ep);
  const char* startCapture(const char* s, const char* p, std::ptrdiff_t what);
  const char* endCapture(const char* s, const char* p);
  const char* matchBalance(const char* s, const char* p);
  const char* matchBackReference(const char* s, int l);
  void step();
  [[noreturn]] void malformed(const char* message, int number = 0);

  const char* src_init_;
  const char* src_end_;
  const char* p_end_;
  Tick tick_;
  void* tick_context_;
  std::uint64_t pending_ = 0;
  int depth_ = 0;
  int level_ = 0;
  Capture captures_[kMaxCaptures]{};
  const char* end_ = nullptr;
  char error_[64]{};  // trivially destructible: Lua errors may longjmp past this object
};

}  // namespace sigid::policy
