#include "lsp_client.h"

#include "compiler/source/file_text.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>

namespace jixiao::lsp_test {

using Clock = std::chrono::steady_clock;

ServerProcess::ServerProcess(std::vector<std::string> extra_args) {
  int to_child[2], from_child[2];
  if (pipe(to_child) != 0 || pipe(from_child) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ == 0) {
    dup2(to_child[0], 0);
    dup2(from_child[1], 1);
    close(to_child[1]);
    close(from_child[0]);
    std::vector<std::string> args = {JIXIAO_BINARY, "lsp"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(JIXIAO_BINARY, argv.data());
    _exit(127);
  }
  close(to_child[0]);
  close(from_child[1]);
  in_ = to_child[1];
  out_ = from_child[0];
  signal(SIGPIPE, SIG_IGN);
}

ServerProcess::~ServerProcess() {
  if (in_ >= 0) close(in_);
  if (out_ >= 0) close(out_);
  if (pid_ > 0) {
    int status;
    if (waitpid(pid_, &status, WNOHANG) == 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
  }
}

void ServerProcess::write_raw(const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(in_, bytes.data() + done, bytes.size() - done);
    if (n <= 0) throw std::runtime_error("the server closed its input");
    done += static_cast<size_t>(n);
  }
}

void ServerProcess::send(const json& message) {
  std::string body = message.dump();
  write_raw("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
}

void ServerProcess::notify(const std::string& method, json params) {
  send(json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
}

int ServerProcess::send_request(const std::string& method, json params) {
  int id = next_id_++;
  send(json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
  return id;
}

json ServerProcess::response_to(int id, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  for (size_t i = 0; i < kept_.size(); ++i)
    if (kept_[i].contains("id") && kept_[i]["id"] == id && !kept_[i].contains("method")) {
      json m = kept_[i];
      kept_.erase(kept_.begin() + static_cast<long>(i));
      return m;
    }
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) throw std::runtime_error("no response to request " + std::to_string(id));
    auto m = read_message(left);
    if (!m) throw std::runtime_error("no response to request " + std::to_string(id));
    if (m->contains("id") && (*m)["id"] == id && !m->contains("method")) return *m;
    kept_.push_back(*m);
  }
}

json ServerProcess::request(const std::string& method, json params, std::chrono::milliseconds timeout) {
  return response_to(send_request(method, std::move(params)), timeout);
}

std::optional<json> ServerProcess::next(std::chrono::milliseconds timeout) {
  if (!kept_.empty()) {
    json m = kept_.front();
    kept_.erase(kept_.begin());
    return m;
  }
  return read_message(timeout);
}

std::optional<json> ServerProcess::wait_for(const std::string& method, const std::function<bool(const json&)>& pred,
                                            std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  for (size_t i = 0; i < kept_.size(); ++i)
    if (kept_[i].value("method", "") == method && (!pred || pred(kept_[i]["params"]))) {
      json m = kept_[i];
      kept_.erase(kept_.begin() + static_cast<long>(i));
      return m;
    }
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return std::nullopt;
    auto m = read_message(left);
    if (!m) return std::nullopt;
    if (m->value("method", "") == method && (!pred || pred((*m)["params"]))) return m;
    if (m->contains("id")) kept_.push_back(*m);  // responses are kept; other notifications dropped
  }
}

std::optional<json> ServerProcess::read_message(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (true) {
    size_t header_end = buffer_.find("\r\n\r\n");
    if (header_end != std::string::npos) {
      size_t at = buffer_.find("Content-Length:");
      if (at == std::string::npos || at > header_end) throw std::runtime_error("a message without Content-Length");
      size_t length = std::stoul(buffer_.substr(at + 15, header_end - at - 15));
      if (buffer_.size() >= header_end + 4 + length) {
        json m = json::parse(buffer_.substr(header_end + 4, length));
        buffer_.erase(0, header_end + 4 + length);
        return m;
      }
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd p{out_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
    char chunk[65536];
    ssize_t n = ::read(out_, chunk, sizeof chunk);
    if (n <= 0) return std::nullopt;
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

int ServerProcess::wait_exit(std::chrono::milliseconds timeout) {
  if (in_ >= 0) {
    close(in_);
    in_ = -1;
  }
  auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    int status;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      return 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

std::unique_ptr<ServerProcess> start_initialized(const std::string& root, json capabilities) {
  auto s = std::make_unique<ServerProcess>();
  if (capabilities.is_null())
    capabilities = {{"textDocument",
                     {{"hover", {{"contentFormat", {"markdown"}}}},
                      {"completion", {{"completionItem", {{"snippetSupport", true}}}}},
                      {"documentSymbol", {{"hierarchicalDocumentSymbolSupport", true}}}}}};
  json r = s->request("initialize", {{"processId", nullptr},
                                     {"rootUri", file_uri(root)},
                                     {"capabilities", capabilities},
                                     {"initializationOptions", {{"diagnosticsDelayMs", 0}}}});
  if (!r.contains("result")) throw std::runtime_error("initialize failed: " + r.dump());
  s->notify("initialized", json::object());
  return s;
}

std::string file_uri(const std::string& path) {
  std::string out = "file://";
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~')
      out += static_cast<char>(c);
    else
      out += std::string("%") + hex[c >> 4] + hex[c & 15];
  }
  return out;
}

std::string read_text(const std::string& path) { return read_file(path).value_or(""); }

json pos(int line, int character) { return json{{"line", line}, {"character", character}}; }
json doc(const std::string& uri) { return json{{"textDocument", {{"uri", uri}}}}; }
json at(const std::string& uri, int line, int character) {
  return json{{"textDocument", {{"uri", uri}}}, {"position", pos(line, character)}};
}

}  // namespace jixiao::lsp_test
