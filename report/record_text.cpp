#include "report/record_text.h"

#include <exception>
#include <thread>

namespace jixiao::report {

void run_side_by_side(size_t threads, const std::function<void(size_t)>& task) {
  std::vector<std::exception_ptr> failed(threads);
  auto run = [&](size_t t) {
    try {
      task(t);
    } catch (...) { failed[t] = std::current_exception(); }
  };
  std::vector<std::thread> helpers;
  for (size_t t = 1; t < threads; ++t) helpers.emplace_back(run, t);
  run(0);
  for (std::thread& h : helpers) h.join();
  for (auto& f : failed)
    if (f) std::rethrow_exception(f);
}

void write_in_parts(std::ostream& out, const rt::RecordWalk& walk, std::vector<std::unique_ptr<PartSink>> sinks) {
  const size_t n = walk.size(), threads = sinks.size();
  for (size_t round = 0; round < n; round += kRecordsPerPart * threads) {
    run_side_by_side(threads, [&](size_t t) {
      const size_t begin = std::min(n, round + t * kRecordsPerPart);
      sinks[t]->start_at(begin);
      walk.write(*sinks[t], begin, std::min(n, begin + kRecordsPerPart));
    });
    for (auto& sink : sinks) {
      std::string& text = sink->text();
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
      text.clear();
    }
  }
}

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
