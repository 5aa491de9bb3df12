// The records of a run as `run --format json|csv|table` writes them (docs/cli.md, docs/results-schema.md),
// streamed from the results through rt::write_records: nothing is built per record, and text is written
// out in chunks, so memory does not grow with the output.
#pragma once
#include <ostream>
#include <vector>

#include "runtime/records.h"

namespace jixiao::report {

// One JSON object per line. With `threads` > 1, that many threads write parts of the output side by side;
// the text is the same whatever the number.
void write_json_lines(std::ostream& out, const plan::ProgramPlan& plan, const rt::Dataset& data,
                      const rt::RunResult& result, const rt::TimeZone& tz, unsigned threads);
// One CSV section per record type: `# type`, a header line, the rows, a blank line. Cells that a
// spreadsheet would take as a formula are quoted with a leading '. Threads as for write_json_lines.
void write_csv(std::ostream& out, const plan::ProgramPlan& plan, const rt::Dataset& data, const rt::RunResult& result,
               const rt::TimeZone& tz, unsigned threads = 1);
// One aligned table per record type, values as a person reads them (`41.7%`, `2h 30m`). Threads as for
// write_json_lines: they measure the columns side by side, then print.
void write_table(std::ostream& out, const plan::ProgramPlan& plan, const rt::Dataset& data, const rt::RunResult& result,
                 const rt::TimeZone& tz, unsigned threads = 1);

// The JSON records parsed back into objects: for tests and small outputs only.
std::vector<rt::Record> result_records(const plan::ProgramPlan& plan, const rt::Dataset& data,
                                       const rt::RunResult& result, const rt::TimeZone& tz);

}  // namespace jixiao::report
