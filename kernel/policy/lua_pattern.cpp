#include "policy/lua_pattern.hpp"

#include <cctype>
#include <cstdio>
#include <cstring>

namespace sigid::policy {
namespace {

constexpr char kEscape = '%';
constexpr int kMaxDepth = 200;          // as Lua's MAXCCALLS: "pattern too complex"
constexpr std::uint64_t kTickEvery = 256;  // steps between limit checks

bool matchClass(int c, int cl) {
  bool result;
  switch (std::tolower(cl)) {
    case 'a': result = std::isalpha(c); break;
    case 'c': result = std::iscntrl(c); break;
    case 'd': result = std::isdigit(c); break;
    case 'g': result = std::isgraph(c); break;
    case 'l': result = std::islower(c); break;
    case 'p': result = std::ispunct(c); break;
    case 's': result = std::isspace(c); break;
    case 'u': result = std::isupper(c); break;
    case 'w': result = std::isalnum(c); break;
    case 'x': result = std::isxdigit(c); break;
    default: return cl == c;
  }
  return std::isupper(cl) ? !result : result;
}

unsigned char uc(char c) { return static_cast<unsigned char>(c); }

}  // namespace

PatternMatch::PatternMatch(const char* subject, std::size_t subject_len, const char* pattern,
                           std::size_t pattern_len, Tick tick, void* tick_context)
    : src_init_(subject),
      src_end_(subject + subject_len),
      p_end_(pattern + pattern_len),
      tick_(tick),
      tick_context_(tick_context) {}

PatternMatch::Status PatternMatch::matchAt(const char* start, const char* pattern_start) {
  level_ = 0;
  depth_ = 0;
  try {
    end_ = doMatch(start, pattern_start);
  } catch (const Stop&) {
    return Status::Stopped;
  } catch (const Malformed&) {
    return Status::Malformed;
  }
  return end_ ? Status::Matched : Status::NoMatch;
}

void PatternMatch::step() {
  if (++pending_ < kTickEvery) return;
  const std::uint64_t work = pending_;
  pending_ = 0;
  if (!tick_(tick_context_, work)) throw Stop{};
}

void PatternMatch::malformed(const char* message, int number) {
  std::snprintf(error_, sizeof error_, message, number);
  throw Malformed{};
}

const char* PatternMatch::classEnd(const char* p) {
  if (*p++ == kEscape) {
    if (p >= p_end_) malformed("malformed pattern (ends with '%%')");
    return p + 1;
  }
  if (p[-1] == '[') {
    if (p < p_end_ && *p == '^') ++p;
    do {  // the first character of a set may be ']' itself
      if (p >= p_end_) malformed("malformed pattern (missing ']')");
      if (*(p++) == kEscape && p < p_end_) ++p;
    } while (p >= p_end_ || *p != ']');
    return p + 1;
  }
  return p;
}

bool PatternMatch::matchBracketClass(int c, const char* p, const char* ec) const {
  bool sig = true;
  if (*(p + 1) == '^') {
    sig = false;
    ++p;
  }
  while (++p < ec) {
    if (*p == kEscape) {
      ++p;
      if (matchClass(c, uc(*p))) return sig;
    } else if (*(p + 1) == '-' && p + 2 < ec) {
      p += 2;
      if (uc(*(p - 2)) <= c && c <= uc(*p)) return sig;
    } else if (uc(*p) == c) {
      return sig;
    }
  }
  return !sig;
}

bool PatternMatch::singleMatch(const char* s, const char* p, const char* ep) const {
  if (s >= src_end_) return false;
  const int c = uc(*s);
  switch (*p) {
    case '.': return true;
    case kEscape: return matchClass(c, uc(*(p + 1)));
    case '[': return matchBracketClass(c, p, ep - 1);
    default: return uc(*p) == c;
  }
}

const char* PatternMatch::matchBalance(const char* s, const char* p) {
  if (p + 1 >= p_end_) malformed("malformed pattern (missing arguments to '%%b')");
  if (s >= src_end_ || *s != *p) return nullptr;
  const char open = *p, close = *(p + 1);
  int depth = 1;
  while (++s < src_end_) {
    step();
    if (*s == close) {
      if (--depth == 0) return s + 1;
    } else if (*s == open) {
      ++depth;
    }
  }
  return nullptr;
}

const char* PatternMatch::maxExpand(const char* s, const char* p, const char* ep) {
  std::ptrdiff_t i = 0;
  while (singleMatch(s + i, p, ep)) {
    step();
    ++i;
  }
  while (i >= 0) {  // try the longest repetition first, then back off
    if (const char* res = doMatch(s + i, ep + 1)) return res;
    --i;
  }
  return nullptr;
}

const char* PatternMatch::minExpand(const char* s, const char* p, const char* ep) {
  for (;;) {
    if (const char* res = doMatch(s, ep + 1)) return res;
    if (!singleMatch(s, p, ep)) return nullptr;
    ++s;
  }
}

const char* PatternMatch::startCapture(const char* s, const char* p, std::ptrdiff_t what) {
  if (level_ >= kMaxCaptures) malformed("too many captures");
  captures_[level_] = {s, what};
  ++level_;
  const char* res = doMatch(s, p);
  if (res == nullptr) --level_;
  return res;
}

const char* PatternMatch::endCapture(const char* s, const char* p) {
  int open = -1;
  for (int l = level_ - 1; l >= 0; --l) {
    if (captures_[l].len == kUnfinishedCapture) {
      open = l;
      break;
    }
  }
  if (open < 0) malformed("invalid pattern capture");
  captures_[open].len = s - captures_[open].init;
  const char* res = doMatch(s, p);
  if (res == nullptr) captures_[open].len = kUnfinishedCapture;
  return res;
}

const char* PatternMatch::matchBackReference(const char* s, int l) {
  l -= '1';
  if (l < 0 || l >= level_ || captures_[l].len == kUnfinishedCapture)
    malformed("invalid capture index %%%d", l + 1);
  const std::size_t len = static_cast<std::size_t>(captures_[l].len);
  if (static_cast<std::size_t>(src_end_ - s) >= len && std::memcmp(captures_[l].init, s, len) == 0) return s + len;
  return nullptr;
}

const char* PatternMatch::doMatch(const char* s, const char* p) {
  struct DepthGuard {
    int& depth;
    ~DepthGuard() { --depth; }
  } guard{++depth_};
  if (depth_ > kMaxDepth) malformed("pattern too complex");
  for (;;) {
    step();
    if (p == p_end_) return s;
    switch (*p) {
      case '(':
        if (p + 1 < p_end_ && *(p + 1) == ')') return startCapture(s, p + 2, kPositionCapture);
        return startCapture(s, p + 1, kUnfinishedCapture);
      case ')': return endCapture(s, p + 1);
      case '$':
        if (p + 1 == p_end_) return s == src_end_ ? s : nullptr;
        break;  // a '$' elsewhere is literal
      case kEscape:
        if (p + 1 < p_end_ && *(p + 1) == 'b') {
          s = matchBalance(s, p + 2);
          if (s == nullptr) return nullptr;
          p += 4;
          continue;
        }
        if (p + 1 < p_end_ && *(p + 1) == 'f') {
          p += 2;
          if (p >= p_end_ || *p != '[') malformed("missing '[' after '%%f' in pattern");
          const char* ep = classEnd(p);
          const int previous = (s == src_init_) ? 0 : uc(*(s - 1));
          const int current = (s < src_end_) ? uc(*s) : 0;
          if (matchBracketClass(previous, p, ep - 1) || !matchBracketClass(current, p, ep - 1)) return nullptr;
          p = ep;
          continue;
        }
        if (p + 1 < p_end_ && std::isdigit(uc(*(p + 1)))) {
          s = matchBackReference(s, uc(*(p + 1)));
          if (s == nullptr) return nullptr;
          p += 2;
          continue;
        }
        break;
      default: break;
    }
    const char* ep = classEnd(p);
    const char q = ep < p_end_ ? *ep : '\0';
    if (!singleMatch(s, p, ep)) {
      if (q == '*' || q == '?' || q == '-') {  // zero repetitions are fine
        p = ep + 1;
        continue;
      }
      return nullptr;
    }
    switch (q) {
      case '?':
        if (const char* res = doMatch(s + 1, ep + 1)) return res;
        p = ep + 1;
        continue;
      case '+': return maxExpand(s + 1, p, ep);
      case '*': return maxExpand(s, p, ep);
      case '-': return minExpand(s, p, ep);
      default:
        ++s;
        p = ep;
        continue;
    }
  }
}

}  // namespace sigid::policy
