#include "report/record_text.h"

namespace jixiao::report {

void append_plain_text(std::string& out, const rt::Scalar& v, const rt::TimeZone& tz, std::string_view null_text) {
  if (!v.valid) {
    out += null_text;
    return;
  }
  switch (v.type) {
    case rt::VType::Str: out += v.str; return;
    case rt::VType::Time: rt::append_timestamp(out, v.i64, tz); return;
    case rt::VType::Date: rt::append_date_text(out, static_cast<int32_t>(v.i64)); return;
    default: rt::append_value_json(out, v, tz); return;
  }
}

std::string plain_text(const rt::Scalar& v, const rt::TimeZone& tz, std::string_view null_text) {
  std::string out;
  append_plain_text(out, v, tz, null_text);
  return out;
}

void EntityText::add(std::string_view key, const rt::Scalar& v, const rt::TimeZone& tz) {
  if (!text_.empty()) text_ += ", ";
  text_ += key;
  text_ += '=';
  append_plain_text(text_, v, tz, "null");
}

}  // namespace jixiao::report
