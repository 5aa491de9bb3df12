// CSV per RFC 4180, parsed straight from the read buffer into the row builder.
#include <algorithm>
#include <cstring>

#include "runtime/ingest/chunk_reader.h"
#include "runtime/ingest/ingest.h"
#include "runtime/ingest/row_builder.h"

namespace jixiao::rt {
namespace {

using ingest_detail::ChunkReader;
using ingest_detail::NullCause;
using ingest_detail::RowBuilder;

enum class Scan { Record, NeedMore, End };
enum class RecordProblem { None, Unterminated, TextAfterQuote };

struct CsvRecord {
  std::vector<std::string_view> fields;
  std::string unescaped;  // holds the fields that had doubled quotes
  const char* raw_begin = nullptr;
  const char* raw_end = nullptr;  // the record without its line break
  const char* next = nullptr;  // where the following record starts
  uint64_t inner_newlines = 0;  // line breaks inside quoted fields
  RecordProblem problem = RecordProblem::None;
  size_t problem_field = 0;
};

// The first ',' or line break at or after `p`; a lone CR is data, CR LF a line break. nullptr when
// the buffer ends first and more input may follow.
const char* find_delimiter(const char* p, const char* e, bool eof) {
  for (; p < e; ++p) {
    char c = *p;
    if (c == ',' || c == '\n') return p;
    if (c == '\r') {
      if (p + 1 == e) return eof ? p : nullptr;
      if (p[1] == '\n') return p;
    }
  }
  return eof ? e : nullptr;
}

// Scans one record from [p, e). A record that may continue past `e` gives NeedMore, and the caller
// rescans it after reading more: records rarely straddle chunks, so that is cheaper than keeping state.
Scan scan_record(const char* p, const char* e, bool eof, CsvRecord& r) {
  if (p == e) return eof ? Scan::End : Scan::NeedMore;
  r.fields.clear();
  r.unescaped.clear();
  // Unescaping never lengthens the text, so this capacity keeps views into `unescaped` valid.
  if (r.unescaped.capacity() < size_t(e - p)) r.unescaped.reserve(size_t(e - p));
  r.inner_newlines = 0;
  r.problem = RecordProblem::None;
  r.raw_begin = p;
  for (;;) {
    std::string_view field;
    if (p < e && *p == '"') {
      const char* segment = ++p;
      size_t start = r.unescaped.size();
      bool copied = false;
      for (;;) {
        auto q = static_cast<const char*>(std::memchr(p, '"', size_t(e - p)));
        if (!q) {
          if (!eof) return Scan::NeedMore;
          r.inner_newlines += uint64_t(std::count(p, e, '\n'));
          r.problem = RecordProblem::Unterminated;
          r.raw_end = r.next = e;
          return Scan::Record;
        }
        r.inner_newlines += uint64_t(std::count(p, q, '\n'));
        if (q + 1 == e && !eof) return Scan::NeedMore;  // a doubled quote may be split
        if (q + 1 < e && q[1] == '"') {
          r.unescaped.append(segment, q + 1);
          p = segment = q + 2;
          copied = true;
          continue;
        }
        if (copied) {
          r.unescaped.append(segment, q);
          field = std::string_view(r.unescaped.data() + start, r.unescaped.size() - start);
        } else {
          field = std::string_view(segment, size_t(q - segment));
        }
        p = q + 1;
        break;
      }
      if (p < e && *p != ',' && *p != '\n') {
        if (*p == '\r' && p + 1 == e && !eof) return Scan::NeedMore;
        if (!(*p == '\r' && (p + 1 == e || p[1] == '\n'))) {
          if (r.problem == RecordProblem::None) {
            r.problem = RecordProblem::TextAfterQuote;
            r.problem_field = r.fields.size();
          }
          p = find_delimiter(p, e, eof);
          if (!p) return Scan::NeedMore;
        }
      }
    } else {
      const char* d = find_delimiter(p, e, eof);
      if (!d) return Scan::NeedMore;
      field = std::string_view(p, size_t(d - p));
      p = d;
    }
    r.fields.push_back(field);
    if (p == e) {
      r.raw_end = r.next = e;
      return Scan::Record;
    }
    if (*p == ',') {
      ++p;
      continue;
    }
    r.raw_end = p;
    r.next = *p == '\n' ? p + 1 : (p + 1 < e && p[1] == '\n' ? p + 2 : p + 1);
    return Scan::Record;
  }
}

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

// Blank lines (nothing between two line breaks) are skipped and not counted as rows, so a trailing
// newline or an empty last line adds nothing; a line holding only `""` is a row.
IngestReport ingest_detail::ingest_csv_chunked(std::istream& in, const std::string& origin, IngestTarget target,
                                               size_t chunk) {
  IngestReport report{.source = target.table.spec.name, .origin = origin};
  RowBuilder rows(target, report, "the header");
  rows.batch();  // with two threads or more, one appends a buffer's rows while the other parses the next
  const TableSpec& spec = rows.spec();
  ChunkReader reader(in, chunk);
  reader.skip_bom();

  CsvRecord rec;
  uint64_t line = 1;
  bool have_header = false;
  size_t header_width = 0;
  std::vector<int> field_of_column(spec.columns.size(), -1);
  for (;;) {
    Scan scan = scan_record(reader.begin(), reader.end(), reader.eof(), rec);
    if (scan == Scan::End) break;
    if (scan == Scan::NeedMore) {
      rows.flush();  // a buffer's rows go to the appender thread while the next buffer is parsed
      reader.refill();
      continue;
    }
    uint64_t start_line = line;
    line += rec.inner_newlines + (rec.next > rec.raw_end ? 1 : 0);
    reader.consume_to(rec.next);  // the views stay valid until the next refill
    if (rec.raw_begin == rec.raw_end && rec.problem == RecordProblem::None) continue;

    if (!have_header) {
      have_header = true;
      header_width = rec.fields.size();
      for (size_t f = 0; f < rec.fields.size(); ++f) {
        int c = spec.find(std::string(trim_blanks(rec.fields[f])));
        if (c < 0) continue;
        if (field_of_column[size_t(c)] >= 0) {
          // Which of the two holds the values cannot be known: nothing is read rather than half guessed.
          report.error = "the header names column `" + spec.columns[size_t(c)].name + "` twice (fields " +
                         std::to_string(field_of_column[size_t(c)] + 1) + " and " + std::to_string(f + 1) + ")";
          return report;
        }
        field_of_column[size_t(c)] = static_cast<int>(f);
      }
      continue;
    }

    rows.begin_row();
    if (rec.problem == RecordProblem::Unterminated) {
      rows.fail_row("unterminated quoted field at end of file");
    } else if (rec.problem == RecordProblem::TextAfterQuote) {
      rows.fail_row("field " + std::to_string(rec.problem_field + 1) + " has text after its closing quote");
    } else if (rec.fields.size() != header_width) {
      rows.fail_row("expected " + std::to_string(header_width) + " fields as in the header, found " +
                    std::to_string(rec.fields.size()));
    } else {
      for (size_t c = 0; c < field_of_column.size(); ++c) {
        int f = field_of_column[c];
        if (f < 0)
          rows.set_null(c, NullCause::Absent);
        else
          rows.set_text(c, rec.fields[size_t(f)], /*typed_source=*/false);
      }
    }
    rows.finish(start_line, [&] {
      std::string_view raw(rec.raw_begin, size_t(rec.raw_end - rec.raw_begin));
      // An unterminated record runs to the end of the file, final line break included.
      if (rec.problem == RecordProblem::Unterminated) {
        if (!raw.empty() && raw.back() == '\n') raw.remove_suffix(1);
        if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
      }
      return std::string(raw);
    });
    rows.plan_capacity(reader.consumed(), reader.input_size());
  }
  rows.drain();
  if (reader.failed()) report.error = "read error in " + origin;
  return report;
}

IngestReport ingest_csv(std::istream& in, const std::string& origin, IngestTarget target) {
  return ingest_detail::ingest_csv_chunked(in, origin, target, ingest_detail::kDefaultChunk);
}

}  // namespace jixiao::rt
