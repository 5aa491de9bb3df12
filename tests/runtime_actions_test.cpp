// Alert actions (docs/language-reference.md, docs/results-schema.md): DingTalk signing, the channels' payloads,
// message templates with units, episodes, tasks with their attached rows, reports, and the results store's
// outbox. Every expected value below was written by hand from the specification and the services'
// documentation, or computed with an independent tool (the command is in the comment).
#include <catch2/catch.hpp>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "eval/harness.h"
#include "runtime/actions/actions.h"
#include "runtime/actions/message.h"
#include "runtime/actions/payloads.h"
#include "runtime/actions/signing.h"
#include "runtime/chains.h"
#include "runtime/results_store.h"

using namespace jixiao;
using Json = nlohmann::ordered_json;

namespace {

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

rt::TimeZone zone(const evalt::Run& r) { return *rt::TimeZone::find(r.plan.timezone); }

rt::Micros at(const evalt::Run& r, const char* local) { return *rt::parse_timestamp(local, zone(r)); }

std::vector<rt::EpisodeActions> actions_of(const evalt::Run& r, const char* as_of) {
  return rt::alert_actions(r.plan, r.data.tables, r.result, zone(r), at(r, as_of));
}

int alert_index(const evalt::Run& r, const std::string& name) {
  for (size_t a = 0; a < r.plan.alerts.size(); ++a)
    if (r.plan.alerts[a].name == name) return static_cast<int>(a);
  FAIL("no alert " << name);
  return -1;
}

std::vector<const rt::EpisodeActions*> of_alert(const evalt::Run& r, const std::vector<rt::EpisodeActions>& all,
                                                const std::string& name) {
  std::vector<const rt::EpisodeActions*> out;
  for (auto& ea : all)
    if (ea.episode.alert == alert_index(r, name)) out.push_back(&ea);
  return out;
}

std::vector<uint32_t> rows_of(const std::vector<rt::RowRef>& refs) {
  std::vector<uint32_t> out;
  for (auto& r : refs) out.push_back(r.row);
  return out;
}

}  // namespace

// ---- signing ---------------------------------------------------------------------------------------

TEST_CASE("hmac_sha256 and base64 match their standards' vectors", "[actions][signing]") {
  // RFC 4231, test case 2 (also: printf 'what do ya want for nothing?' | openssl dgst -sha256 -hmac Jefe).
  CHECK(hex(rt::hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // RFC 4648, section 10.
  CHECK(rt::base64("") == "");
  CHECK(rt::base64("f") == "Zg==");
  CHECK(rt::base64("fo") == "Zm8=");
  CHECK(rt::base64("foo") == "Zm9v");
  CHECK(rt::base64("foobar") == "Zm9vYmFy");
  CHECK(rt::url_encode("a+b/c=d e~_.-") == "a%2Bb%2Fc%3Dd%20e~_.-");
  CHECK(rt::url_encode("签") == "%E7%AD%BE");
}

TEST_CASE("a DingTalk signature is url-encoded base64 of HMAC-SHA256 over timestamp newline secret",
          "[actions][signing]") {
  // Computed independently:
  //   printf '%s\n%s' 1700000000000 SEC0123456789abcdef | openssl dgst -sha256 -hmac SEC0123456789abcdef -binary | base64
  //   -> TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=   (then `/` -> %2F and `=` -> %3D by hand)
  CHECK(rt::dingtalk_sign("SEC0123456789abcdef", 1700000000000) == "TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D");
  CHECK(rt::dingtalk_signed_url("https://oapi.dingtalk.com/robot/send?access_token=abc", "SEC0123456789abcdef",
                                1700000000000) ==
        "https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000000"
        "&sign=TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D");
  CHECK(rt::dingtalk_signed_url("https://example.invalid/robot", "SEC0123456789abcdef", 1700000000000) ==
        "https://example.invalid/robot?timestamp=1700000000000&sign=TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D");
}

// ---- payloads ------------------------------------------------------------------------------------

namespace {
rt::NotificationContent spike_content() {
  rt::NotificationContent c;
  c.alert = "defect_spike";
  c.title = "电芯抽检不良率超标";
  c.severity = "critical";
  c.message = "批次 B1 不良率 1.2%";
  c.entity = Json{{"batch_id", "B1"}};
  c.entity_text = "batch_id=B1";
  c.period = "2025-07-01";
  c.value = 0.0125;
  return c;
}
}  // namespace

TEST_CASE("each channel kind gets the body its service documents", "[actions][payloads]") {
  rt::NotificationContent c = spike_content();
  // DingTalk custom robot, msgtype markdown: {"msgtype":"markdown","markdown":{"title":...,"text":...}}.
  CHECK(
      rt::channel_payload("dingtalk", c).dump() ==
      R"({"msgtype":"markdown","markdown":{"title":"电芯抽检不良率超标","text":"#### [critical] 电芯抽检不良率超标\n\n批次 B1 不良率 1.2%"}})");
  // WeCom group robot, msgtype markdown: {"msgtype":"markdown","markdown":{"content":...}}.
  CHECK(rt::channel_payload("wecom", c).dump() ==
        R"({"msgtype":"markdown","markdown":{"content":"#### [critical] 电芯抽检不良率超标\n\n批次 B1 不良率 1.2%"}})");
  // Generic webhook: the alert as data.
  CHECK(
      rt::channel_payload("webhook", c).dump() ==
      R"({"alert":"defect_spike","severity":"critical","entity":{"batch_id":"B1"},"period":"2025-07-01","value":0.0125,"message":"批次 B1 不良率 1.2%"})");
  // Log: one line.
  CHECK(rt::channel_payload("log", c).dump() ==
        R"("[critical] defect_spike batch_id=B1 2025-07-01: 批次 B1 不良率 1.2%")");
}

TEST_CASE("slack gets a fallback text and a mrkdwn section, with & < > escaped", "[actions][payloads]") {
  rt::NotificationContent c = spike_content();
  c.message = "a < b & c > d";
  CHECK(
      rt::channel_payload("slack", c).dump() ==
      R"({"text":"[critical] 电芯抽检不良率超标: a &lt; b &amp; c &gt; d","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"*[critical] 电芯抽检不良率超标*\na &lt; b &amp; c &gt; d"}}]})");
}

TEST_CASE("a report is a list in markdown, an array in the webhook body and a tail of the log line",
          "[actions][payloads]") {
  rt::NotificationContent c = spike_content();
  c.message = "m\nn";
  c.report_lines = {"oee: 85.0%", "停机 (line=L1): 2h 30m"};
  c.report = Json::array({Json{{"indicator", "oee"}, {"value", 0.85}}});
  // Without a markdown rendering the message is taken as data: its line break is a space.
  CHECK(rt::channel_payload("dingtalk", c)["markdown"]["text"] ==
        "#### [critical] 电芯抽检不良率超标\n\nm n\n\n- oee: 85.0%\n- 停机 (line=L1): 2h 30m");
  CHECK(rt::channel_payload("slack", c)["blocks"][0]["text"]["text"] ==
        "*[critical] 电芯抽检不良率超标*\nm\nn\n\n\xE2\x80\xA2 oee: 85.0%\n\xE2\x80\xA2 停机 (line=L1): 2h 30m");
  CHECK(rt::channel_payload("webhook", c)["report"].dump() == R"([{"indicator":"oee","value":0.85}])");
  CHECK(rt::channel_payload("log", c) ==
        "[critical] defect_spike batch_id=B1 2025-07-01: m n | oee: 85.0%; 停机 (line=L1): 2h 30m");
}

TEST_CASE("wecom markdown is cut to 4096 bytes on a character boundary", "[actions][payloads]") {
  rt::NotificationContent c = spike_content();
  c.title = "TT";
  c.message.clear();
  for (int k = 0; k < 2000; ++k) c.message += "中";  // 6000 bytes
  // "#### [critical] TT\n\n" is 20 bytes; 4096 - 3 (for …) - 20 = 4073 bytes hold 1357 whole 中.
  std::string expected = "#### [critical] TT\n\n";
  for (int k = 0; k < 1357; ++k) expected += "中";
  expected += "…";
  std::string content = rt::channel_payload("wecom", c)["markdown"]["content"];
  CHECK(content.size() == 4094);
  CHECK(content == expected);
}

// ---- messages ------------------------------------------------------------------------------------

namespace {
const char* kRepairs = R"(project p { timezone "Asia/Shanghai" }
channel ops { kind log }
source repairs {
  time      at
  evidence  id
  id:       string required
  machine:  string
  at:       timestamp required
  bad:      number
  total:    number
  repair:   duration
  cost:     number cny
}
indicator bad_rate "不良率" {
  from   repairs
  value  sum(bad) / sum(total)
  by     machine
  every  day
  unit   percent
}
indicator mttr {
  from   repairs
  value  avg(repair)
  by     machine
  every  day
}
indicator scrap {
  from   repairs
  value  sum(cost)
  by     machine
  every  day
  unit   cny
}
alert spike "不良超标" {
  when     bad_rate > 0.5% and mttr > 1h and scrap > 0
  notify   ops
  message  "{machine} {period}: {bad_rate}, {mttr}, {scrap} {{ok}}"
}
alert plain {
  when    bad_rate > 0.5%
  notify  ops
}
alert costly {
  from     repairs
  when     cost > 5
  notify   ops
  message  "{id} on {machine} at {at} cost {cost} took {repair}"
}
alert costly_default {
  from    repairs
  when    cost > 5
  notify  ops
}
)";
// M1 on 2025-07-01: 9 bad of 1000 = 0.9%, repairs of 2h and 3h average 2h 30m, costs 10 + 2.5 = 12.5 cny.
const char* kRepairRows = R"(id,machine,at,bad,total,repair,cost
R1,M1,2025-07-01T08:00,4,500,2h,10
R2,M1,2025-07-01T09:00,5,500,3h,2.5
)";
}  // namespace

TEST_CASE("message placeholders show entity, period and indicator values in their units", "[actions][message]") {
  auto r = evalt::run(kRepairs, {{"repairs", kRepairRows}}, "2025-07-01T10:00");
  auto all = actions_of(r, "2025-07-01T10:00");
  auto spike = of_alert(r, all, "spike");
  REQUIRE(spike.size() == 1);
  CHECK(spike[0]->message == "M1 2025-07-01: 0.9%, 2h 30m, 12.5 cny {ok}");
  auto plain = of_alert(r, all, "plain");
  REQUIRE(plain.size() == 1);
  CHECK(plain[0]->message == "plain: machine=M1, period 2025-07-01, bad_rate = 0.9%");
  REQUIRE(plain[0]->notifications.size() == 1);
  CHECK(Json::parse(plain[0]->notifications[0].payload) ==
        "[warning] plain machine=M1 2025-07-01: plain: machine=M1, period 2025-07-01, bad_rate = 0.9%");
}

TEST_CASE("a row alert's message names the row's columns; each row is its own episode", "[actions][message]") {
  auto r = evalt::run(kRepairs, {{"repairs", kRepairRows}}, "2025-07-01T10:00");
  auto all = actions_of(r, "2025-07-01T10:00");
  auto costly = of_alert(r, all, "costly");
  REQUIRE(costly.size() == 1);  // only R1 costs more than 5
  CHECK(costly[0]->message == "R1 on M1 at 2025-07-01T08:00:00+08:00 cost 10 took 2h");
  CHECK(costly[0]->alert_time == at(r, "2025-07-01T08:00"));
  auto fallback = of_alert(r, all, "costly_default");
  REQUIRE(fallback.size() == 1);
  CHECK(fallback[0]->message == "costly_default: id=R1");
}

// ---- text from data in markdown bodies (issue 11) -------------------------------------------------

TEST_CASE("markdown_text shows data as itself: no heading, link, list or line of its own",
          "[actions][payloads][escaping]") {
  CHECK(rt::markdown_text("#### [critical] 假告警") == R"(\#\#\#\# \[critical\] 假告警)");
  CHECK(rt::markdown_text("[点此](http://evil.invalid)") == R"(\[点此\](http://evil.invalid))");
  CHECK(rt::markdown_text("a\n# b\r\nc\rd") == R"(a \# b c d)");
  CHECK(rt::markdown_text("**b** _i_ `c` <font> ~~s~~ a|b \\") ==
        R"(\*\*b\*\* \_i\_ \`c\` \<font\> \~\~s\~\~ a\|b \\)");
  CHECK(rt::markdown_text("> quote") == R"(\> quote)");
  // Block markers at the start: a value may stand at the beginning of a line of the template.
  CHECK(rt::markdown_text("- item") == R"(\- item)");
  CHECK(rt::markdown_text("  + item") == R"(  \+ item)");
  CHECK(rt::markdown_text("12. item") == R"(12\. item)");
  CHECK(rt::markdown_text("3)") == R"(3\))");
  CHECK(rt::markdown_text("---") == R"(\---)");
  CHECK(rt::markdown_text("= = =") == R"(\= = =)");
  // Numbers, units and ordinary punctuation stay as they are.
  CHECK(rt::markdown_text("-3.5") == "-3.5");
  CHECK(rt::markdown_text("0.9%") == "0.9%");
  CHECK(rt::markdown_text("2h 30m, a-b, x.y (z)!") == "2h 30m, a-b, x.y (z)!");
  CHECK(rt::markdown_text("批次 B1") == "批次 B1");
}

TEST_CASE("dingtalk and wecom bodies escape text from data; slack and webhook bodies keep it",
          "[actions][payloads][escaping]") {
  rt::NotificationContent c = spike_content();
  c.message = "批次 B1\n#### [critical] 假告警\n[点此](http://evil.invalid)";
  c.report_lines = {"备注 (remark=# x): [y](z)"};
  c.report = Json::array();
  // The message is all data unless a markdown rendering comes with it.
  const std::string expected =
      "#### [critical] 电芯抽检不良率超标\n\n"
      R"(批次 B1 \#\#\#\# \[critical\] 假告警 \[点此\](http://evil.invalid))"
      "\n\n"
      R"(- 备注 (remark=\# x): \[y\](z))";
  CHECK(rt::channel_payload("dingtalk", c)["markdown"]["text"] == expected);
  CHECK(rt::channel_payload("wecom", c)["markdown"]["content"] == expected);
  CHECK(rt::channel_payload("webhook", c)["message"] == c.message);
  CHECK(rt::channel_payload("slack", c)["blocks"][0]["text"]["text"] ==
        "*[critical] 电芯抽检不良率超标*\n" + c.message + "\n\n\xE2\x80\xA2 备注 (remark=# x): [y](z)");

  // Rendered from a template (render_message with markdown_text): the author's markup is kept.
  c.message_markdown = R"(**紧急** 批次 B1 \#)";
  CHECK(rt::channel_payload("dingtalk", c)["markdown"]["text"] ==
        "#### [critical] 电芯抽检不良率超标\n\n**紧急** 批次 B1 \\#\n\n- 备注 (remark=\\# x): \\[y\\](z)");
  CHECK(rt::channel_payload("webhook", c)["message"] == c.message);
}

namespace {
const char* kTickets = R"(project p { timezone "Asia/Shanghai" }
channel desk { kind dingtalk; webhook env("DESK_URL") }
source tickets {
  time      at
  evidence  id
  id:       string required
  store:    string
  at:       timestamp required
  remark:   string
}
alert complaint "客诉" {
  from      tickets
  when      contains(remark, "投诉")
  severity  critical
  notify    desk
  message   "**门店 {store}** 小票 {id}：{remark}"
}
)";
// A remark that tries to add a heading and a link to the group message.
const char* kTicketRows =
    "id,store,at,remark\n"
    "T1,\"S1\n# x\",2025-07-01T08:00,\"投诉\n#### [critical] 退款通知\n[点此领取](http://evil.invalid)\"\n";
}  // namespace

TEST_CASE("a message renders its template as written and its values through the channel's escape",
          "[actions][message][escaping]") {
  auto r = evalt::run(kTickets, {{"tickets", kTicketRows}}, "2025-07-01T10:00");
  REQUIRE(r.result.alerts.size() == 1);
  auto tz = zone(r);
  rt::MessageInput in;
  in.plan = &r.plan;
  in.tables = &r.data.tables;
  in.tz = &tz;
  in.event = &r.result.alerts[0];
  CHECK(rt::render_message(in) ==
        "**门店 S1\n# x** 小票 T1：投诉\n#### [critical] 退款通知\n[点此领取](http://evil.invalid)");
  CHECK(rt::render_message(in, rt::markdown_text) ==
        R"(**门店 S1 \# x** 小票 T1：投诉 \#\#\#\# \[critical\] 退款通知 \[点此领取\](http://evil.invalid))");

  // Through alert_actions: whatever the message, the group sees one heading and no link from the data.
  auto all = actions_of(r, "2025-07-01T10:00");
  REQUIRE(all.size() == 1);
  REQUIRE(all[0].notifications.size() == 1);
  std::string text = Json::parse(all[0].notifications[0].payload)["markdown"]["text"];
  CHECK(text.rfind("#### [critical] 客诉\n\n", 0) == 0);
  CHECK(text.find("\n#") == std::string::npos);
  CHECK(text.find("[点此领取](") == std::string::npos);
  CHECK(text.find(R"(\[点此领取\](http://evil.invalid))") != std::string::npos);
  CHECK(all[0].message == rt::render_message(in));  // the task text and the store keep the data as it is
}

// ---- episodes ------------------------------------------------------------------------------------

TEST_CASE("consecutive periods are one episode; a period without a value starts another", "[actions][episodes]") {
  const char* rules = R"(project p { timezone "Asia/Shanghai" }
channel team { kind webhook; webhook env("TEAM_URL") }
source s {
  time  at
  id:   string
  k:    string
  at:   timestamp
  x:    number
}
indicator level {
  from   s
  value  max(x)
  by     k
  every  day
}
alert high {
  when    level > 10
  notify  team
}
)";
  // A: 07-01, 07-02, 07-03 high, 07-04 no rows, 07-05 high, 07-06 low, 07-07 high.  B: 07-02 high.
  const char* rows = R"(id,k,at,x
1,A,2025-07-01T09:00,11
2,A,2025-07-02T09:00,12
3,A,2025-07-03T09:00,13
4,A,2025-07-05T09:00,14
5,A,2025-07-06T09:00,1
6,A,2025-07-07T09:00,15
7,B,2025-07-02T09:00,20
)";
  auto r = evalt::run(rules, {{"s", rows}}, "2025-07-08T00:00");
  auto tz = zone(r);
  auto episodes = rt::alert_episodes(r.plan, r.result, tz);
  REQUIRE(episodes.size() == 4);
  std::vector<std::pair<std::string, size_t>> seen;
  for (auto& ep : episodes) seen.emplace_back(*r.result.alerts[ep.first].period, ep.instances);
  CHECK(seen == std::vector<std::pair<std::string, size_t>>{
                    {"2025-07-01", 3}, {"2025-07-05", 1}, {"2025-07-07", 1}, {"2025-07-02", 1}});
  CHECK(r.result.alerts[episodes[3].first].entity[0].second.str == "B");

  auto all = actions_of(r, "2025-07-08T00:00");
  REQUIRE(all.size() == 4);
  size_t notifications = 0;
  for (auto& ea : all) notifications += ea.notifications.size();
  CHECK(notifications == 4);  // once per episode, not once per period (that would be 6)
  CHECK(
      all[0].notifications[0].payload ==
      R"({"alert":"high","severity":"warning","entity":{"k":"A"},"period":"2025-07-01","value":11.0,"message":"high: k=A, period 2025-07-01, level = 11"})");
}

// ---- tasks and reports ---------------------------------------------------------------------------

namespace {
const char* kPlant = R"(project p { timezone "Asia/Shanghai" }
channel ops { kind log }
source inspections {
  time      at
  evidence  id
  id:       string required
  batch:    string
  line:     string
  at:       timestamp required
  result:   enum(OK, NG)
}
source params {
  system    "MES"
  time      at
  evidence  pid
  pid:      string required
  batch:    string
  at:       timestamp
  speed:    number
}
source env {
  time  at
  line: string
  at:   timestamp
  temp: number
}
source roster {
  time         shift_start
  line:        string
  shift_start: timestamp
  leader:      string
}
indicator defect_rate {
  from   inspections
  value  count(where result == NG) / count()
  by     batch
  every  day
  unit   percent
}
indicator cells {
  from   inspections
  value  count()
  by     batch, line
  every  day
}
indicator monthly {
  from   inspections
  value  count()
  by     batch
  every  month
}
role qe { from roster }
view batch_board {
  for   qe
  show  defect_rate, cells, monthly
}
alert spike {
  when    defect_rate > 10%
  notify  ops
  report  batch_board
  task rc "根因分析" {
    assign  quality_engineer
    due     24h
    attach  params match batch
    attach  env match line during period
    attach  roster match line window 6h
  }
}
alert ng_row {
  from  inspections
  when  result == NG
  task look {
    attach  env match line window 1h
    attach  roster match line during period
  }
}
)";
// B1 on 2025-07-01: one NG of two (50%), on lines L1 and L2 (both rows are behind the value: count()
// takes every row). B2 is 0%.
const char* kInspections = R"(id,batch,line,at,result
I1,B1,L1,2025-07-01T09:00,NG
I2,B1,L2,2025-07-01T10:00,OK
I3,B2,L3,2025-07-01T11:00,OK
)";
// row 0: B1 before the period (no window: kept); 1: other batch; 2: after as_of; 3: null batch.
const char* kParams = R"(pid,batch,at,speed
P1,B1,2025-06-30T20:00,1.5
P2,B2,2025-07-01T09:00,1.6
P3,B1,2025-07-03T09:00,1.7
P4,,2025-07-01T09:00,1.8
)";
// `during period` = [07-01 00:00, 07-02 00:00): rows 0, 1 and 5 (L1/L2 inside); 2 at the end (excluded),
// 3 another line, 4 before the start.
const char* kEnv = R"(line,at,temp
L1,2025-07-01T00:00,25
L2,2025-07-01T23:59,26
L1,2025-07-02T00:00,27
L3,2025-07-01T12:00,28
L1,2025-06-30T23:59,24
L1,2025-07-01T08:30,25.5
)";
// `window 6h` = [06-30 18:00, 07-02 06:00): rows 0 (at the start) and 2; 1 just before, 3 at the end, 4 line L3.
const char* kRoster = R"(line,shift_start,leader
L1,2025-06-30T18:00,张三
L2,2025-06-30T17:59,李四
L2,2025-07-02T05:59,王五
L1,2025-07-02T06:00,赵六
L3,2025-07-01T08:00,钱七
)";
evalt::Run plant_run() {
  return evalt::run(kPlant, {{"inspections", kInspections}, {"params", kParams}, {"env", kEnv}, {"roster", kRoster}},
                    "2025-07-02T12:00");
}
}  // namespace

TEST_CASE("a task attaches the rows matched on the entity and on the evidence rows, in their window",
          "[actions][tasks]") {
  auto r = plant_run();
  auto all = actions_of(r, "2025-07-02T12:00");
  auto spike = of_alert(r, all, "spike");
  REQUIRE(spike.size() == 1);
  const rt::EpisodeActions& ea = *spike[0];
  // The alert's time is the end of its period (before as_of): 2025-07-02 00:00 +08:00; due 24h later.
  CHECK(ea.alert_time == at(r, "2025-07-02T00:00"));
  REQUIRE(ea.tasks.size() == 1);
  const rt::TaskAction& task = ea.tasks[0];
  REQUIRE(task.due_at);
  CHECK(*task.due_at == at(r, "2025-07-03T00:00"));
  REQUIRE(task.attached.size() == 3);
  CHECK(rows_of(task.attached[0]) == std::vector<uint32_t>{0});
  CHECK(rows_of(task.attached[1]) == std::vector<uint32_t>{0, 1, 5});
  CHECK(rows_of(task.attached[2]) == std::vector<uint32_t>{0, 2});
}

TEST_CASE("a row alert's task matches the row's columns around its time", "[actions][tasks]") {
  auto r = plant_run();
  auto all = actions_of(r, "2025-07-02T12:00");
  auto ng = of_alert(r, all, "ng_row");
  REQUIRE(ng.size() == 1);  // I1
  CHECK(ng[0]->alert_time == at(r, "2025-07-01T09:00"));
  REQUIRE(ng[0]->tasks.size() == 1);
  const rt::TaskAction& task = ng[0]->tasks[0];
  CHECK_FALSE(task.due_at);
  // env, L1 within [08:00, 10:00): row 5 (08:30) only.
  CHECK(rows_of(task.attached[0]) == std::vector<uint32_t>{5});
  // A row alert has no period: `during period` keeps every time; roster rows of L1: 0 and 3.
  CHECK(rows_of(task.attached[1]) == std::vector<uint32_t>{0, 3});
}

namespace {
// A two-step chain in UTC: a's entry starts b's clock (within 24h) and, when b is skipped, c's (within 10h).
const char* kSteps = R"(project p { timezone "UTC" }
source ev {
  time      at
  evidence  eid
  eid:   string required
  cid:   string required
  step:  string required
  at:    timestamp required
}
chain flow {
  from  ev
  case  cid
  step  step
  node a { owner x }
  node b { owner y; within 24h }
  node c { owner z; within 10h }
}
alert lateness {
  from  flow
  when  node == b and status in [late, overdue]
  task chase {
    due     4h
    attach  ev match cid window 1h
  }
}
alert late_only {
  from  flow
  when  node == b and status == late
  task explain { due 4h }
}
alert reached {
  from  flow
  when  node == b and status == on_time
  task thank { due 4h }
}
alert any_b {
  from  flow
  when  node == b
  task look { due 4h }
}
alert long_overdue {
  from  flow
  when  node == b and status == overdue and elapsed > 48h
  task escalate { due 4h }
}
alert skipped_b {
  from  flow
  when  node == b and status == skipped
  task review { due 1h }
}
)";
// As of 2025-01-05 00:00:
//   K1: a 01-01 00:00, b 01-03 06:00: 54h > 24h, late; due_at 01-02 00:00.
//   K2: a 01-01 12:00, b 01-02 06:00: 18h, on time.
//   K3: a 01-02 00:00, no b: 72h elapsed, overdue since its due_at 01-03 00:00.
//   K4: a 01-01 00:00, c 01-01 08:00: b skipped (from c's entry), c on time (8h).
//   K5: a 01-04 20:00: b pending (4h elapsed).
const char* kStepRows = R"(eid,cid,step,at
E1,K1,a,2025-01-01T00:00
E2,K1,b,2025-01-03T06:00
E3,K2,a,2025-01-01T12:00
E4,K2,b,2025-01-02T06:00
E5,K3,a,2025-01-02T00:00
E6,K4,a,2025-01-01T00:00
E7,K4,c,2025-01-01T08:00
E8,K5,a,2025-01-04T20:00
)";

// The alert time and the task's due time of each episode of an alert, by case.
std::map<std::string, std::pair<rt::Micros, rt::Micros>> step_times(const evalt::Run& r,
                                                                    const std::vector<rt::EpisodeActions>& all,
                                                                    const std::string& alert) {
  std::map<std::string, std::pair<rt::Micros, rt::Micros>> out;
  for (auto* ea : of_alert(r, all, alert)) {
    REQUIRE(ea->tasks.size() == 1);
    REQUIRE(ea->tasks[0].due_at);
    out[ea->event->entity[0].second.str] = {ea->alert_time, *ea->tasks[0].due_at};
  }
  return out;
}
}  // namespace

TEST_CASE("a chain row's alert fires when the row's condition began to hold, not when its clock started",
          "[actions][tasks]") {
  auto r = evalt::run(kSteps, {{"ev", kStepRows}}, "2025-01-05T00:00");
  INFO((r.diagnostics.empty() ? std::string() : r.diagnostics[0]));
  CHECK(r.diagnostics.empty());
  // The harness fills sources only: compute the chain's rows, then evaluate again over them.
  rt::RunOptions ro;
  ro.as_of = at(r, "2025-01-05T00:00");
  rt::compute_chains(r.plan, r.data.tables, zone(r), rt::build_calendars(r.plan, zone(r)), ro.as_of);
  r.result = rt::evaluate_program(r.plan, r.data.tables, zone(r), ro);
  auto all = actions_of(r, "2025-01-05T00:00");
  using P = std::pair<rt::Micros, rt::Micros>;
  auto t = [&](const char* s) { return at(r, s); };
  // Late or overdue: from the deadline on, when b was overdue (K1 was, until reached late). Due 4h later.
  CHECK(step_times(r, all, "lateness") ==
        std::map<std::string, P>{{"K1", {t("2025-01-02T00:00"), t("2025-01-02T04:00")}},
                                 {"K3", {t("2025-01-03T00:00"), t("2025-01-03T04:00")}}});
  // `late` alone holds only once the node is reached.
  CHECK(step_times(r, all, "late_only") ==
        std::map<std::string, P>{{"K1", {t("2025-01-03T06:00"), t("2025-01-03T10:00")}}});
  CHECK(step_times(r, all, "reached") ==
        std::map<std::string, P>{{"K2", {t("2025-01-02T06:00"), t("2025-01-02T10:00")}}});
  // `node == b` held from b's clock start, whatever came after (K4's b has no clock: skipped at c's entry).
  CHECK(step_times(r, all, "any_b") ==
        std::map<std::string, P>{{"K1", {t("2025-01-01T00:00"), t("2025-01-01T04:00")}},
                                 {"K2", {t("2025-01-01T12:00"), t("2025-01-01T16:00")}},
                                 {"K3", {t("2025-01-02T00:00"), t("2025-01-02T04:00")}},
                                 {"K4", {t("2025-01-01T08:00"), t("2025-01-01T12:00")}},
                                 {"K5", {t("2025-01-04T20:00"), t("2025-01-05T00:00")}}});
  // K3 is past 48h since 01-04 00:00, which only `elapsed` at as_of tells: dated when seen, as_of.
  CHECK(step_times(r, all, "long_overdue") ==
        std::map<std::string, P>{{"K3", {t("2025-01-05T00:00"), t("2025-01-05T04:00")}}});
  CHECK(step_times(r, all, "skipped_b") ==
        std::map<std::string, P>{{"K4", {t("2025-01-01T08:00"), t("2025-01-01T09:00")}}});

  // `window 1h` spans the row's clock, from its start to the alert, widened by 1h: K1's
  // [12-31 23:00, 01-02 01:00) holds E1 (row 0) but not the late entry E2; K3's [01-01 23:00, 01-03 01:00) E5.
  std::map<std::string, std::vector<uint32_t>> attached;
  for (auto* ea : of_alert(r, all, "lateness"))
    attached[ea->event->entity[0].second.str] = rows_of(ea->tasks[0].attached[0]);
  CHECK(attached == std::map<std::string, std::vector<uint32_t>>{{"K1", {0}}, {"K3", {4}}});
}

TEST_CASE("a report shows the view's values for the alert's entity in overlapping periods", "[actions][reports]") {
  auto r = plant_run();
  auto all = actions_of(r, "2025-07-02T12:00");
  auto spike = of_alert(r, all, "spike");
  REQUIRE(spike.size() == 1);
  std::vector<std::string> lines;
  for (auto& rv : spike[0]->report)
    lines.push_back(r.plan.indicators[rv.indicator].name + " " + rv.period + " " + rv.display);
  CHECK(lines == std::vector<std::string>{"defect_rate 2025-07-01 50.0%", "cells 2025-07-01 1", "cells 2025-07-01 1",
                                          "monthly 2025-07 2"});
  REQUIRE(spike[0]->notifications.size() == 1);
  CHECK(Json::parse(spike[0]->notifications[0].payload) ==
        "[warning] spike batch=B1 2025-07-01: spike: batch=B1, period 2025-07-01, defect_rate = 50.0%"
        " | defect_rate: 50.0%; cells (line=L1): 1; cells (line=L2): 1; monthly (2025-07): 2");
}

// ---- the results store ---------------------------------------------------------------------------

namespace {
struct Db {
  sqlite3* db = nullptr;
  explicit Db(const std::filesystem::path& p) { REQUIRE(sqlite3_open(p.c_str(), &db) == SQLITE_OK); }
  ~Db() { sqlite3_close(db); }
  std::vector<std::vector<std::string>> rows(const char* sql) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
    std::vector<std::vector<std::string>> out;
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        auto* t = sqlite3_column_text(st, c);
        row.push_back(t ? reinterpret_cast<const char*>(t) : "NULL");
      }
      out.push_back(std::move(row));
    }
    sqlite3_finalize(st);
    return out;
  }
};
}  // namespace

TEST_CASE("the store queues each episode's notification once, with the env variable's name only", "[actions][store]") {
  const char* rules = R"(project p { timezone "Asia/Shanghai" }
channel robot "质量群" {
  kind     dingtalk
  webhook  env("JX_TEST_DINGTALK_URL")
  secret   env("JX_TEST_DINGTALK_SECRET")
}
source s {
  time      at
  evidence  id
  id:       string required
  k:        string
  line:     string
  at:       timestamp required
  x:        number
}
source env {
  time  at
  line: string
  at:   timestamp
  temp: number
}
indicator level {
  from   s
  value  max(x)
  by     k
  every  day
}
alert high "超限" {
  when     level > 10
  notify   robot
  message  "{k} 于 {period}: {level}"
  task check "检查" {
    assign  engineer
    due     2h
    attach  env match line during period
  }
}
)";
  const char* rows = R"(id,k,line,at,x
1,A,L1,2025-07-01T09:00,11
2,A,L1,2025-07-02T09:00,12
)";
  const char* env = R"(line,at,temp
L1,2025-07-01T10:00,30
L2,2025-07-01T10:00,31
)";
  ::setenv("JX_TEST_DINGTALK_URL", "https://oapi.dingtalk.com/robot/send?access_token=NEVER_STORED", 1);
  ::setenv("JX_TEST_DINGTALK_SECRET", "SECNEVERSTORED", 1);
  auto r = evalt::run(rules, {{"s", rows}, {"env", env}}, "2025-07-02T12:00");
  auto tz = zone(r);
  auto path = std::filesystem::temp_directory_path() / ("jixiao_actions_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  auto actions = actions_of(r, "2025-07-02T12:00");
  rt::RunInfo info{"p", "hash", at(r, "2025-07-02T12:00"), "interp"};
  auto first = rt::write_results(path, r.plan, r.data, r.result, tz, info, actions);
  CHECK(first.notifications == 1);  // 07-01 and 07-02 are one episode
  CHECK(first.tasks == 1);
  auto again = rt::write_results(path, r.plan, r.data, r.result, tz, info, actions);
  CHECK(again.notifications == 0);
  CHECK(again.tasks == 0);
  {
    Db db(path);
    CHECK(
        db.rows("SELECT alert, entity, period, severity, channel, kind, url_env, url, secret_env, payload, status FROM "
                "outbox") ==
        std::vector<std::vector<std::string>>{
            {"high", R"({"k":"A"})", "2025-07-01", "warning", "robot", "dingtalk", "JX_TEST_DINGTALK_URL", "NULL",
             "JX_TEST_DINGTALK_SECRET",
             R"({"msgtype":"markdown","markdown":{"title":"超限","text":"#### [warning] 超限\n\nA 于 2025-07-01: 11"}})",
             "pending"}});
    // Alert time: the end of 2025-07-01; due two hours later.
    CHECK(db.rows(
              "SELECT alert, entity, period, task, label, assignee, alert_time, due_at, message, status FROM tasks") ==
          std::vector<std::vector<std::string>>{{"high", R"({"k":"A"})", "2025-07-01", "check", "检查", "engineer",
                                                 "2025-07-02T00:00:00+08:00", "2025-07-02T02:00:00+08:00",
                                                 "A 于 2025-07-01: 11", "open"}});
    CHECK(db.rows("SELECT attach, source, row_number, event_time, row_json FROM task_attachments") ==
          std::vector<std::vector<std::string>>{{"1", "env", "2", "2025-07-01T10:00:00+08:00",
                                                 R"({"line":"L1","at":"2025-07-01T10:00:00+08:00","temp":30.0})"}});
    CHECK(db.rows("SELECT count(*) FROM runs") == std::vector<std::vector<std::string>>{{"2"}});
    // The environment's values are never written.
    auto dump = db.rows(
        "SELECT group_concat(payload || ifnull(url_env, '') || ifnull(url, '') || ifnull(secret_env, '')) FROM outbox");
    CHECK(dump[0][0].find("NEVER_STORED") == std::string::npos);
    CHECK(dump[0][0].find("SECNEVERSTORED") == std::string::npos);
  }
  std::filesystem::remove(path);
}

TEST_CASE("an int case column and an int row number are written as integers", "[actions][records]") {
  const char* rules = R"(project p { timezone "UTC" }
source ev {
  time  at
  ticket: int required
  step:   string required
  at:     timestamp required
}
chain flow {
  from  ev
  case  ticket
  step  step
  node a { owner x }
  node b { owner y; within 24h }
}
alert any_row { from ev; when step == "b" }
)";
  auto r = evalt::run(rules,
                      {{"ev", "ticket,step,at\n12,a,2025-01-01T00:00\n7,a,2025-01-01T01:00\n12,b,2025-01-01T05:00\n"}},
                      "2025-01-03T00:00");
  rt::RunOptions ro;
  ro.as_of = at(r, "2025-01-03T00:00");
  rt::compute_chains(r.plan, r.data.tables, zone(r), rt::build_calendars(r.plan, zone(r)), ro.as_of);
  r.result = rt::evaluate_program(r.plan, r.data.tables, zone(r), ro);
  auto records = jixiao::report::result_records(r.plan, r.data, r.result, zone(r));
  // Two tickets x two nodes; the source has no evidence column, so the row alert's entity is the row
  // number of the `b` event: line 4 of the CSV (the header is line 1).
  std::multiset<std::string> cases, rows;
  for (auto& rec : records) {
    if (rec["type"] == "step") cases.insert(rec["case"].dump());
    if (rec["type"] == "alert") rows.insert(rec["entity"]["row"].dump());
  }
  CHECK(cases == std::multiset<std::string>{"12", "12", "7", "7"});
  CHECK(rows == std::multiset<std::string>{"4"});
}
