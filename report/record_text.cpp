#include "report/record_text.h"

namespace jixiao::report {

std::string plain_text(const rt::Scalar& v, const rt::TimeZone& tz, std::string_view null_text) {
  if (!v.valid) return std::string(null_text);
  switch (v.type) {
    case rt::VType::Str: return v.str;
    case rt::VType::Time: return rt::format_timestamp(v.i64, tz);
    case rt::VType::Date: return rt::format_date(static_cast<int32_t>(v.i64));
    default: {
      std::string out;
      rt::append_value_json(out, v, tz);
      return out;
    }
  }
}

void EntityText::add(std::string_view key, const rt::Scalar& v, const rt::TimeZone& tz) {
  if (!text_.empty()) text_ += ", ";
  text_ += key;
  text_ += '=';
  text_ += plain_text(v, tz, "null");
}

}  // namespace jixiao::report
