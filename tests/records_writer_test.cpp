// The streamed JSON text of a value (rt::append_value_json, append_json_string of base/json_text.h) against the text
// nlohmann's dump() gives for the same value, which `run --format json` printed before it streamed:
// control characters, quotes, CJK and emoji, integers, shortest doubles, durations, nulls.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "base/json_text.h"
#include "runtime/records.h"

namespace rt = jixiao::rt;

namespace {

rt::Scalar number(double x) {
  rt::Scalar s;
  s.type = rt::VType::Num;
  s.valid = true;
  s.num = x;
  return s;
}

rt::Scalar of(rt::VType type, int64_t v) {
  rt::Scalar s;
  s.type = type;
  s.valid = true;
  s.i64 = v;
  return s;
}

std::string streamed(const rt::Scalar& s, const rt::TimeZone& tz) {
  std::string out;
  rt::append_value_json(out, s, tz);
  return out;
}

}  // namespace

TEST_CASE("a string is quoted and escaped as nlohmann's dump() does it", "[records]") {
  std::vector<std::string> texts = {"", "plain", "quote \" and backslash \\", "王磊", "emoji 🙂 and é", "\x7f del"};
  for (int c = 0; c < 0x20; ++c) texts.push_back("a" + std::string(1, static_cast<char>(c)) + "b");
  std::mt19937 rng(7);
  const std::vector<std::string> alphabet = {"a",    "b",    "\"",   "\\", "\t",   "\n", "\r", "\b",  "\f",
                                             "\x01", "\x1b", "\x1f", " ",  "\x7f", "中", "文", "🙂"};
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    for (int n = static_cast<int>(rng() % 12); n > 0; --n) s += alphabet[rng() % alphabet.size()];
    texts.push_back(s);  // whole characters only: data is UTF-8 (ingest refuses other text)
  }
  for (const std::string& s : texts) {
    std::string out;
    jixiao::append_json_string(out, s);
    CHECK(out == nlohmann::json(s).dump());
  }
}

TEST_CASE("values are written as value_json(v).dump() writes them", "[records]") {
  const rt::TimeZone tz = rt::TimeZone::utc();
  std::vector<rt::Scalar> values = {rt::Scalar::null(), of(rt::VType::Bool, 1), of(rt::VType::Bool, 0)};
  for (double x : {0.0, -0.0, 1.0, 12.0, -7.0, 0.1, 1.0 / 3, 0.41723594324750396, 1e-7, 1e15, 1e16, 1e17, 1e21, 5e-324,
                   std::numeric_limits<double>::max(), std::numeric_limits<double>::infinity(),
                   -std::numeric_limits<double>::infinity(), std::nan("")})
    values.push_back(number(x));
  std::mt19937_64 rng(11);
  for (int i = 0; i < 5000; ++i) {
    const uint64_t bits = rng();
    double x;
    std::memcpy(&x, &bits, sizeof x);
    values.push_back(number(x));
    values.push_back(number(static_cast<double>(static_cast<int64_t>(rng() % 2000000) - 1000000) / 1000));
  }
  for (int64_t n : {int64_t{0}, int64_t{12}, int64_t{-3}, std::numeric_limits<int64_t>::max()}) {
    rt::Scalar s = number(static_cast<double>(n));
    s.integral = true;
    s.i64 = n;
    values.push_back(s);
  }
  // Durations: whole seconds as integers, other durations as seconds with a fraction.
  for (int64_t us : {int64_t{0}, int64_t{1'000'000}, int64_t{1'500'000}, int64_t{-250'000}, int64_t{1},
                     int64_t{86'400'000'000}, int64_t{4'611'686'018'427'000'000}})
    values.push_back(of(rt::VType::Dur, us));
  values.push_back(of(rt::VType::Time, 1'751'850'000'000'000));
  values.push_back(of(rt::VType::Date, 20'276));
  rt::Scalar text;
  text.type = rt::VType::Str;
  text.valid = true;
  text.str = "王\t\"x\"";
  values.push_back(text);
  for (const rt::Scalar& v : values) {
    INFO("type " << static_cast<int>(v.type) << " num " << v.num << " i64 " << v.i64);
    CHECK(streamed(v, tz) == rt::value_json(v, tz).dump());
  }
}
