#include "runtime/results_store.h"

#include <sqlite3.h>

#include <ctime>
#include <stdexcept>

#include "runtime/actions/message.h"
#include "runtime/records.h"

namespace jixiao::rt {

namespace {

const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  run_id      INTEGER PRIMARY KEY,
  project     TEXT NOT NULL,
  rules_hash  TEXT NOT NULL,
  as_of       TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  engine      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ingest_log (
  run_id INTEGER NOT NULL REFERENCES runs(run_id), source TEXT NOT NULL, origin TEXT,
  read INTEGER NOT NULL, accepted INTEGER NOT NULL, quarantined INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS quarantine (
  run_id INTEGER NOT NULL REFERENCES runs(run_id), source TEXT NOT NULL, row_number INTEGER NOT NULL,
  raw TEXT NOT NULL, reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS indicator_values (
  value_id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(run_id),
  indicator TEXT NOT NULL, entity TEXT NOT NULL, period TEXT NOT NULL, period_start TEXT,
  value REAL, value_json TEXT, unit TEXT, rows INTEGER NOT NULL, evidence INTEGER NOT NULL, status TEXT NOT NULL,
  rule_file TEXT, rule_line INTEGER
);
CREATE TABLE IF NOT EXISTS value_evidence (
  value_id INTEGER NOT NULL REFERENCES indicator_values(value_id), source TEXT NOT NULL,
  row_number INTEGER NOT NULL, system TEXT, evidence_id TEXT, actor TEXT, event_time TEXT
);
CREATE TABLE IF NOT EXISTS alerts (
  run_id INTEGER NOT NULL REFERENCES runs(run_id), alert TEXT NOT NULL, entity TEXT NOT NULL, period TEXT,
  severity TEXT NOT NULL, state TEXT NOT NULL, value_json TEXT
);
CREATE TABLE IF NOT EXISTS outbox (
  outbox_id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(run_id),
  alert TEXT NOT NULL, entity TEXT NOT NULL, period TEXT, severity TEXT NOT NULL,
  channel TEXT NOT NULL, kind TEXT NOT NULL, url_env TEXT, url TEXT, secret_env TEXT,
  payload TEXT NOT NULL, created_at TEXT NOT NULL, status TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tasks (
  task_id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(run_id),
  alert TEXT NOT NULL, entity TEXT NOT NULL, period TEXT, task TEXT NOT NULL, label TEXT, assignee TEXT,
  alert_time TEXT NOT NULL, due_at TEXT, message TEXT NOT NULL, created_at TEXT NOT NULL, status TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS task_attachments (
  task_id INTEGER NOT NULL REFERENCES tasks(task_id), attach INTEGER NOT NULL, source TEXT NOT NULL,
  row_number INTEGER NOT NULL, system TEXT, evidence_id TEXT, actor TEXT, event_time TEXT, row_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS reports (
  run_id INTEGER NOT NULL REFERENCES runs(run_id), alert TEXT NOT NULL, entity TEXT NOT NULL, period TEXT,
  view TEXT NOT NULL, indicator TEXT NOT NULL, indicator_entity TEXT NOT NULL, indicator_period TEXT NOT NULL,
  value REAL, value_json TEXT, display TEXT NOT NULL, unit TEXT, status TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS outbox_once ON outbox(alert, entity, IFNULL(period, ''), channel);
CREATE UNIQUE INDEX IF NOT EXISTS tasks_once ON tasks(alert, entity, IFNULL(period, ''), task);
CREATE UNIQUE INDEX IF NOT EXISTS reports_once
  ON reports(alert, entity, IFNULL(period, ''), view, indicator, indicator_entity, indicator_period);
CREATE INDEX IF NOT EXISTS task_attachments_task ON task_attachments(task_id);
CREATE INDEX IF NOT EXISTS indicator_values_lookup ON indicator_values(indicator, period);
CREATE INDEX IF NOT EXISTS value_evidence_value ON value_evidence(value_id);
)sql";

// "JIXO": marks a SQLite file as a Jixiao results store (PRAGMA application_id), so that `--out` never
// writes its tables into somebody else's database.
constexpr int kApplicationId = 0x4A49584F;

// SQLite's word for the user's environment (a folder, permissions, a full disk, another writer, a file
// that is not a database) rather than for a mistake of ours.
bool environment_error(int code) {
  switch (code & 0xff) {
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_PERM:
    case SQLITE_AUTH:
    case SQLITE_NOLFS:
    case SQLITE_NOMEM: return true;
    default: return false;
  }
}

class Db {
 public:
  explicit Db(const std::filesystem::path& path) : path_(path.string()) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
      throw StoreError(path_ + " is a folder: give a file name for the results store");
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
      // A failed open still allocates a handle, and ~Db does not run for a constructor that throws.
      const int code = db_ ? sqlite3_extended_errcode(db_) : SQLITE_NOMEM;
      const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      fail(code, message);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 10000);  // another run writing the same store: wait for it
  }
  ~Db() { sqlite3_close(db_); }
  void exec(const char* sql) {
    char* err = nullptr;
    if (int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err); rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      fail(rc, msg);
    }
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* st = nullptr;
    if (int rc = sqlite3_prepare_v2(db_, sql, -1, &st, nullptr); rc != SQLITE_OK) fail(rc, sqlite3_errmsg(db_));
    return st;
  }
  void step(sqlite3_stmt* st) {
    if (int rc = sqlite3_step(st); rc != SQLITE_DONE) fail(rc, sqlite3_errmsg(db_));
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
  }
  int64_t query_int(const char* sql) {
    sqlite3_stmt* st = prepare(sql);
    int rc = sqlite3_step(st);
    int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) fail(rc, sqlite3_errmsg(db_));
    return v;
  }
  int64_t last_id() { return sqlite3_last_insert_rowid(db_); }
  int changes() { return sqlite3_changes(db_); }
  [[noreturn]] void fail(int code, const std::string& msg) {
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED || (code & 0xff) == SQLITE_BUSY)
      throw StoreError("the results store " + path_ + " is locked by another program (waited 10 s): " + msg);
    if (environment_error(code)) throw StoreError("cannot write the results store " + path_ + ": " + msg);
    JX_UNREACHABLE("results store: " + msg);  // our own SQL, not the environment: a bug
  }
  // A file of our own (application_id), one that an earlier version wrote (no application_id, our
  // `runs` and `indicator_values` tables), or an empty database; anything else is refused.
  void claim() {
    if (query_int("PRAGMA application_id") == kApplicationId) return;
    const int64_t tables = query_int("SELECT count(*) FROM sqlite_schema");
    const int64_t ours =
        query_int("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('runs', 'indicator_values')");
    if (tables > 0 && ours < 2)
      throw StoreError(path_ +
                       " is a SQLite database that is not a Jixiao results store: give a new or empty file to --out");
    exec(("PRAGMA application_id = " + std::to_string(kApplicationId)).c_str());
  }

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

struct Stmt {
  sqlite3_stmt* st;
  ~Stmt() { sqlite3_finalize(st); }
  Stmt& text(int i, const std::string& s) {
    sqlite3_bind_text(st, i, s.c_str(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& integer(int i, int64_t v) {
    sqlite3_bind_int64(st, i, v);
    return *this;
  }
  Stmt& real(int i, double v) {
    sqlite3_bind_double(st, i, v);
    return *this;
  }
  Stmt& null(int i) {
    sqlite3_bind_null(st, i);
    return *this;
  }
};

std::string now_utc() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

// Binds a cell as the evidence tables show it: text (ISO 8601 for timestamps), null for null. Texts are
// bound in place (the table outlives the statement's step), others formatted into `scratch`: a million
// evidence rows allocate nothing.
void bind_cell(Stmt& st, int i, const Table& t, int c, uint32_t row, const TimeZone& tz, std::string& scratch) {
  if (c < 0 || !t.columns[c].valid[row]) {
    st.null(i);
    return;
  }
  const Column& col = t.columns[c];
  if (dictionary_coded(col.kind)) {
    const std::string& s = col.dict()[col.codes[row]];
    sqlite3_bind_text(st.st, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
    return;
  }
  scratch.clear();
  if (col.kind == ColumnKind::Timestamp)
    append_timestamp(scratch, col.i64[row], tz);
  else
    scratch = col.kind == ColumnKind::Number ? std::to_string(col.f64[row]) : std::to_string(col.i64[row]);
  st.text(i, scratch);
}

std::string dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The outbox, tasks (with their attachments) and reports of the alerts' episodes (docs/results-schema.md).
StoredActions write_actions(Db& db, int64_t run_id, const plan::ProgramPlan& plan, const Dataset& data,
                            const TimeZone& tz, const std::vector<EpisodeActions>& actions) {
  StoredActions stored;
  std::string now = now_utc();
  Stmt outbox{
      db.prepare("INSERT OR IGNORE INTO outbox(run_id, alert, entity, period, severity, channel, kind, url_env, url, "
                 "secret_env, payload, "
                 "created_at, status) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,'pending')")};
  Stmt task{
      db.prepare("INSERT OR IGNORE INTO tasks(run_id, alert, entity, period, task, label, assignee, alert_time, "
                 "due_at, message, created_at, "
                 "status) VALUES(?,?,?,?,?,?,?,?,?,?,?,'open')")};
  Stmt attachment{db.prepare("INSERT INTO task_attachments VALUES(?,?,?,?,?,?,?,?,?)")};
  Stmt report{db.prepare("INSERT OR IGNORE INTO reports VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)")};
  std::string scratch;
  for (const EpisodeActions& ea : actions) {
    const plan::AlertPlan& ap = plan.alerts[ea.episode.alert];
    const AlertEvent& e = *ea.event;
    std::string entity = entity_json_text(e.entity, tz);
    auto instance = [&](Stmt& st) {
      st.integer(1, run_id).text(2, ap.name).text(3, entity);
      if (e.period)
        st.text(4, *e.period);
      else
        st.null(4);
    };
    for (const Notification& n : ea.notifications) {
      const plan::ChannelPlan& ch = plan.channels[n.channel];
      instance(outbox);
      outbox.text(5, ap.severity).text(6, ch.name).text(7, ch.kind);
      // Only the names of environment variables are stored, never what they hold.
      outbox.null(8).null(9);
      if (ch.webhook_from_env)
        outbox.text(8, ch.webhook);
      else if (!ch.webhook.empty())
        outbox.text(9, ch.webhook);
      if (ch.secret_from_env)
        outbox.text(10, ch.secret);
      else
        outbox.null(10);
      outbox.text(11, n.payload).text(12, now);
      db.step(outbox.st);
      stored.notifications += db.changes();
    }
    for (const TaskAction& ta : ea.tasks) {
      const plan::TaskPlan& tp = ap.tasks[ta.task];
      instance(task);
      task.text(5, tp.name);
      if (tp.label.empty())
        task.null(6);
      else
        task.text(6, tp.label);
      if (tp.assign.empty())
        task.null(7);
      else
        task.text(7, tp.assign);
      task.text(8, format_timestamp(ea.alert_time, tz));
      if (ta.due_at)
        task.text(9, format_timestamp(*ta.due_at, tz));
      else
        task.null(9);
      task.text(10, ea.message).text(11, now);
      db.step(task.st);
      if (db.changes() == 0) continue;  // opened by an earlier run
      ++stored.tasks;
      int64_t task_id = db.last_id();
      for (size_t k = 0; k < ta.attached.size(); ++k) {
        for (const RowRef& r : ta.attached[k]) {
          const plan::TablePlan& sp = plan.tables[r.table];
          const Table& t = data.tables[r.table];
          nlohmann::ordered_json row = nlohmann::ordered_json::object();
          for (size_t c = 0; c < sp.columns.size(); ++c) {
            row[sp.columns[c].name] = value_json(cell_scalar(t.columns[c], sp.columns[c].type, r.row), tz);
          }
          attachment.integer(1, task_id).integer(2, static_cast<int64_t>(k + 1)).text(3, sp.name);
          attachment.integer(4, static_cast<int64_t>(t.row_number[r.row]));
          if (sp.system.empty())
            attachment.null(5);
          else
            attachment.text(5, sp.system);
          int cols[] = {sp.evidence_column, sp.actor_column, sp.time_column};
          for (int j = 0; j < 3; ++j) bind_cell(attachment, 6 + j, t, cols[j], r.row, tz, scratch);
          attachment.text(9, dump(row));
          db.step(attachment.st);
        }
      }
    }
    for (const ReportValue& rv : ea.report) {
      const plan::IndicatorPlan& ip = plan.indicators[rv.indicator];
      instance(report);
      report.text(5, plan.views[ap.report].name)
          .text(6, ip.name)
          .text(7, entity_json_text(rv.entity, tz))
          .text(8, rv.period);
      if (auto number = json_number(rv.value))
        report.real(9, *number);
      else
        report.null(9);
      report.text(10, value_json_text(rv.value, tz)).text(11, rv.display);
      if (ip.unit.empty())
        report.null(12);
      else
        report.text(12, ip.unit);
      report.text(13, status_name(rv.status));
      db.step(report.st);
      stored.reports += db.changes();
    }
  }
  return stored;
}

}  // namespace

StoredActions write_results(const std::filesystem::path& path, const plan::ProgramPlan& plan, const Dataset& data,
                            const RunResult& result, const TimeZone& tz, const RunInfo& info,
                            const std::vector<EpisodeActions>& actions) {
  return write_results(path, plan, data, result, tz, info,
                       [&]() -> const std::vector<EpisodeActions>& { return actions; });
}

StoredActions write_results(const std::filesystem::path& path, const plan::ProgramPlan& plan, const Dataset& data,
                            const RunResult& result, const TimeZone& tz, const RunInfo& info,
                            const std::function<const std::vector<EpisodeActions>&()>& actions) {
  Db db(path);
  db.exec("BEGIN IMMEDIATE");  // the writer's lock first, so that two runs take turns (busy timeout)
  db.claim();
  db.exec(kSchema);
  Stmt run{db.prepare("INSERT INTO runs(project, rules_hash, as_of, started_at, engine) VALUES(?,?,?,?,?)")};
  run.text(1, info.project)
      .text(2, info.rules_hash)
      .text(3, format_timestamp(info.as_of, tz))
      .text(4, now_utc())
      .text(5, info.engine);
  db.step(run.st);
  int64_t run_id = db.last_id();

  Stmt ingest{db.prepare("INSERT INTO ingest_log VALUES(?,?,?,?,?,?)")};
  for (auto& r : data.reports) {
    ingest.integer(1, run_id).text(2, r.source).text(3, r.origin).integer(4, static_cast<int64_t>(r.read));
    ingest.integer(5, static_cast<int64_t>(r.accepted)).integer(6, static_cast<int64_t>(r.quarantined));
    db.step(ingest.st);
  }
  Stmt quarantine{db.prepare("INSERT INTO quarantine VALUES(?,?,?,?,?)")};
  for (auto& q : data.quarantine) {
    quarantine.integer(1, run_id)
        .text(2, q.source)
        .integer(3, static_cast<int64_t>(q.row_number))
        .text(4, q.raw)
        .text(5, q.reason);
    db.step(quarantine.st);
  }

  Stmt value{
      db.prepare("INSERT INTO indicator_values(run_id, indicator, entity, period, period_start, value, value_json, "
                 "unit, rows, evidence, "
                 "status, rule_file, rule_line) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)")};
  Stmt evidence{db.prepare("INSERT INTO value_evidence VALUES(?,?,?,?,?,?,?)")};
  std::string scratch;
  for (size_t i = 0; i < plan.indicators.size(); ++i) {
    const plan::IndicatorPlan& ip = plan.indicators[i];
    for (ValueRef v : result.values[i]) {
      Scalar x = v.value();
      value.integer(1, run_id)
          .text(2, ip.name)
          .text(3, entity_json_text(ip.key_names, v.entity(), tz))
          .text(4, v.period());
      if (ip.grain != plan::Grain::All)
        value.text(5, format_timestamp(v.period_start(), tz));
      else
        value.null(5);
      if (auto number = json_number(x))
        value.real(6, *number);
      else
        value.null(6);
      value.text(7, value_json_text(x, tz));
      if (ip.unit.empty())
        value.null(8);
      else
        value.text(8, ip.unit);
      value.integer(9, v.rows())
          .integer(10, v.evidence())
          .text(11, status_name(v.status()))
          .text(12, ip.file)
          .integer(13, ip.line);
      db.step(value.st);
      int64_t value_id = db.last_id();
      for (const RowRef& r : v.contributing()) {
        const plan::TablePlan& tp = plan.tables[r.table];
        const Table& t = data.tables[r.table];
        evidence.integer(1, value_id).text(2, tp.name).integer(3, static_cast<int64_t>(t.row_number[r.row]));
        if (tp.system.empty())
          evidence.null(4);
        else
          evidence.text(4, tp.system);
        int cols[] = {tp.evidence_column, tp.actor_column, tp.time_column};
        for (int k = 0; k < 3; ++k) bind_cell(evidence, 5 + k, t, cols[k], r.row, tz, scratch);
        db.step(evidence.st);
      }
    }
  }

  Stmt alert{db.prepare("INSERT INTO alerts VALUES(?,?,?,?,?,?,?)")};
  for (const AlertEvent& a : result.alerts) {
    alert.integer(1, run_id).text(2, plan.alerts[a.alert].name).text(3, entity_json_text(a.entity, tz));
    if (a.period)
      alert.text(4, *a.period);
    else
      alert.null(4);
    alert.text(5, plan.alerts[a.alert].severity)
        .text(6, a.firing ? "firing" : "resolved")
        .text(7, value_json_text(a.value, tz));
    db.step(alert.st);
  }
  StoredActions stored = write_actions(db, run_id, plan, data, tz, actions());
  db.exec("COMMIT");
  return stored;
}

}  // namespace jixiao::rt
