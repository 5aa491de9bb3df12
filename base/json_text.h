// JSON text written directly (no document built): a string literal quoted and escaped as nlohmann's dump()
// writes it, so that streamed records and stored JSON read exactly like a dumped value. UTF-8 is kept as
// it is (the text has been checked to be UTF-8 where it came in).
#pragma once
#include <string>
#include <string_view>

namespace jixiao {

inline void append_json_string(std::string& out, std::string_view s) {
  const auto needs_escape = [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c < 0x20 || c == '"' || c == '\\';
  };
  size_t plain = 0;  // the text before the first character that needs an escape: usually all of it
  while (plain < s.size() && !needs_escape(s[plain])) ++plain;
  out += '"';
  out.append(s.data(), plain);
  size_t plain_from = plain;
  for (size_t i = plain; i < s.size(); ++i) {
    if (!needs_escape(s[i])) continue;
    out.append(s.data() + plain_from, i - plain_from);
    plain_from = i + 1;
    switch (const auto c = static_cast<unsigned char>(s[i])) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
    }
  }
  out.append(s.data() + plain_from, s.size() - plain_from);
  out += '"';
}

}  // namespace jixiao
