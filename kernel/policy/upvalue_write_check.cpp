#include "policy/upvalue_write_check.hpp"

#include <cstdint>
#include <cstring>
#include <vector>

#include <lua.hpp>

namespace sigid::policy {
namespace {

// Lua 5.4 (lopcodes.h): the opcode is the low 7 bits; OP_SETUPVAL is iABC with
// B (bits 16..23) the upvalue index. Line info deltas of -0x80 mean "see
// abslineinfo" (ldebug.h ABSLINEINFO).
constexpr std::uint32_t kOpSetUpval = 10;
constexpr int kAbsLineInfo = -0x80;

struct UpvalueDesc {
  bool instack = false;  // a register (local) of the enclosing function, else one of its upvalues
  int index = 0;
};

struct Prototype {
  int line_defined = 0;
  std::vector<std::uint32_t> code;
  std::vector<UpvalueDesc> upvalues;
  std::vector<Prototype> children;
  std::vector<int> line_deltas;
  std::vector<std::pair<std::size_t, int>> absolute_lines;  // (pc, line)
  std::vector<std::string> upvalue_names;

  int lineAt(std::size_t pc) const {
    int line = line_defined;
    for (std::size_t i = 0; i <= pc && i < line_deltas.size(); ++i) {
      if (line_deltas[i] != kAbsLineInfo) {
        line += line_deltas[i];
        continue;
      }
      for (const auto& [at, absolute] : absolute_lines)
        if (at == i) line = absolute;
    }
    return line;
  }
};

// Reads the ldump.c format (Lua 5.4.0-5.4.6). Any surprise sets `ok` false and
// the caller refuses the chunk rather than guessing.
class DumpReader {
 public:
  explicit DumpReader(const std::string& data) : data_(data) {}
  bool ok() const { return ok_; }

  bool header() {
    static const char kSignature[] = "\x1bLua";
    static const char kData[] = "\x19\x93\r\n\x1a\n";
    if (!literal(kSignature, 4) || byte() != 0x54 || byte() != 0 || !literal(kData, 6)) return fail();
    if (byte() != sizeof(std::uint32_t) || byte() != sizeof(lua_Integer) || byte() != sizeof(lua_Number)) return fail();
    skip(sizeof(lua_Integer) + sizeof(lua_Number));
    byte();  // the main closure's upvalue count, repeated in its prototype
    return ok_;
  }

  void function(Prototype& p, int depth) {
    if (depth > 250) {  // the parser's own nesting limit is lower; never recurse unboundedly on odd input
      fail();
      return;
    }
    string();  // source
    p.line_defined = static_cast<int>(size());
    size();    // lastlinedefined
    skip(3);   // numparams, is_vararg, maxstacksize
    const std::size_t code_size = count(4);
    p.code.resize(code_size);
    for (auto& instruction : p.code) {
      std::uint32_t value = 0;
      if (ok_ && pos_ + 4 <= data_.size()) std::memcpy(&value, data_.data() + pos_, 4);
      skip(4);
      instruction = value;
    }
    const std::size_t constants = count(1);
    for (std::size_t i = 0; i < constants && ok_; ++i) {
      switch (byte()) {
        case 3: skip(sizeof(lua_Integer)); break;    // LUA_VNUMINT
        case 19: skip(sizeof(lua_Number)); break;    // LUA_VNUMFLT
        case 4: case 20: string(); break;            // short and long strings
        case 0: case 1: case 17: break;              // nil, false, true
        default: fail();
      }
    }
    p.upvalues.resize(count(3));
    for (auto& upvalue : p.upvalues) {
      upvalue.instack = byte() != 0;
      upvalue.index = byte();
      byte();  // kind
    }
    p.children.resize(count(1));
    for (auto& child : p.children) function(child, depth + 1);
    p.line_deltas.resize(count(1));
    for (auto& delta : p.line_deltas) delta = static_cast<signed char>(byte());
    p.absolute_lines.resize(count(2));
    for (auto& [pc, line] : p.absolute_lines) {
      pc = size();
      line = static_cast<int>(size());
    }
    const std::size_t locals = count(3);
    for (std::size_t i = 0; i < locals && ok_; ++i) {
      string();
      size();
      size();
    }
    p.upvalue_names.resize(count(1));
    for (auto& name : p.upvalue_names) name = string();
  }

 private:
  bool fail() {
    ok_ = false;
    return false;
  }
  bool literal(const char* text, std::size_t n) {
    if (!ok_ || pos_ + n > data_.size() || data_.compare(pos_, n, text, n) != 0) return fail();
    pos_ += n;
    return true;
  }
  int byte() {
    if (!ok_ || pos_ >= data_.size()) return fail(), 0;
    return static_cast<unsigned char>(data_[pos_++]);
  }
  void skip(std::size_t n) {
    if (!ok_ || pos_ + n > data_.size()) fail();
    else pos_ += n;
  }
  // ldump.c dumpSize: big-endian groups of 7 bits, the last one flagged with 0x80.
  std::size_t size() {
    std::size_t value = 0;
    for (int i = 0; i < 10 && ok_; ++i) {
      const int b = byte();
      value = (value << 7) | static_cast<std::size_t>(b & 0x7f);
      if (b & 0x80) return value;
    }
    fail();
    return 0;
  }
  // A vector length, refused when it could not fit in what is left (each entry
  // takes at least `min_entry_bytes`): bounds every resize by the dump's size.
  std::size_t count(std::size_t min_entry_bytes) {
    const std::size_t n = size();
    if (!ok_ || n > (data_.size() - pos_) / min_entry_bytes) return fail(), 0;
    return n;
  }
  std::string string() {
    const std::size_t n = size();
    if (n == 0) return {};
    if (!ok_ || n - 1 > data_.size() - pos_) return fail(), std::string();
    std::string text = data_.substr(pos_, n - 1);
    pos_ += n - 1;
    return text;
  }

  const std::string& data_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

int appendToString(lua_State*, const void* chunk, std::size_t size, void* out) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(chunk), size);
  return 0;
}

// `persistent[i]`: upvalue i of `p` is a cell that outlives a call (a main-chunk
// local or the main chunk's _ENV). Returns the first assignment to one.
std::optional<std::string> findWrite(const Prototype& p, const std::vector<bool>& persistent) {
  for (std::size_t pc = 0; pc < p.code.size(); ++pc) {
    const std::uint32_t instruction = p.code[pc];
    if ((instruction & 0x7f) != kOpSetUpval) continue;
    const std::size_t upvalue = (instruction >> 16) & 0xff;
    if (upvalue >= persistent.size() || !persistent[upvalue]) continue;
    const std::string name = upvalue < p.upvalue_names.size() ? p.upvalue_names[upvalue] : "?";
    return "line " + std::to_string(p.lineAt(pc)) + ": assignment to top-level variable '" + name +
           "' inside a function; the top level runs once per state and is shared by every call, so functions "
           "may not change its variables (keep per-call state in locals of the handler)";
  }
  for (const Prototype& child : p.children) {
    std::vector<bool> child_persistent(child.upvalues.size(), false);
    for (std::size_t i = 0; i < child.upvalues.size(); ++i) {
      const UpvalueDesc& d = child.upvalues[i];
      // A local of this function is per call; an upvalue of it is whatever it is here.
      child_persistent[i] = !d.instack && static_cast<std::size_t>(d.index) < persistent.size() && persistent[d.index];
    }
    if (auto found = findWrite(child, child_persistent)) return found;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> findTopLevelUpvalueWrite(lua_State* L) {
  std::string dump;
  if (lua_dump(L, appendToString, &dump, 0) != 0) return "the compiled chunk could not be inspected";
  DumpReader reader(dump);
  Prototype main;
  if (reader.header()) reader.function(main, 0);
  if (!reader.ok()) return "the compiled chunk could not be inspected";
  // Every upvalue of a function defined directly in the main chunk is a main
  // local or the main chunk's _ENV: all shared by every call. The main chunk's
  // own assignments run once, at load, and are allowed.
  for (const Prototype& child : main.children) {
    if (auto found = findWrite(child, std::vector<bool>(child.upvalues.size(), true))) return found;
  }
  return std::nullopt;
}

}  // namespace sigid::policy
