#include "report/explain_arithmetic.h"

#include <algorithm>
#include <cctype>

namespace jixiao::report {

namespace {

bool ident_char(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u >= 0x80 || std::isalnum(u) || c == '_';  // identifiers may be any letters (UTF-8 bytes)
}

}  // namespace

std::string substitute(const std::string& text, const std::vector<std::pair<std::string, std::string>>& aggregates,
                       const std::map<std::string, std::string>& names) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '"') {  // a string literal, escapes included
      size_t j = i + 1;
      while (j < text.size() && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
      j = std::min(j + 1, text.size());
      out += text.substr(i, j - i);
      i = j;
      continue;
    }
    bool boundary = i == 0 || !ident_char(text[i - 1]);
    if (boundary) {
      const std::pair<std::string, std::string>* hit = nullptr;
      for (const auto& a : aggregates)
        if (text.compare(i, a.first.size(), a.first) == 0 && (!hit || a.first.size() > hit->first.size())) hit = &a;
      if (hit) {
        out += hit->second;
        i += hit->first.size();
        continue;
      }
    }
    if (c == '`') {  // a quoted name
      size_t close = text.find('`', i + 1);
      if (close != std::string::npos) {
        auto it = names.find(text.substr(i + 1, close - i - 1));
        out += it != names.end() ? it->second : text.substr(i, close + 1 - i);
        i = close + 1;
        continue;
      }
    }
    if (boundary && ident_char(c) && !std::isdigit(static_cast<unsigned char>(c))) {
      size_t j = i;
      while (j < text.size() && ident_char(text[j])) ++j;
      std::string word = text.substr(i, j - i);
      size_t next = j;
      while (next < text.size() && (text[next] == ' ' || text[next] == '\t')) ++next;
      auto it = names.find(word);
      bool called = next < text.size() && text[next] == '(';
      out += it != names.end() && !called ? it->second : word;
      i = j;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

}  // namespace jixiao::report
