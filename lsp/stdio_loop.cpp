#include "lsp/stdio_loop.h"

#include <pthread.h>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <thread>

#include "lsp/transport.h"

namespace jixiao::lsp {

namespace {
// Parsing recurses per nesting level; the analysis guard (analysis.h) keeps inputs within what
// this stack takes, with a wide margin. Pages are only touched when used.
constexpr size_t kServerStack = size_t{256} << 20;

struct Inbox {
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<MessageReader::Result> items;
  bool ended = false;
};

struct Loop {
  Inbox& inbox;
  MessageWriter& writer;
  ServerOptions options;
  int exit_code = 1;

  void run() {
    Server server(options);
    while (true) {
      std::deque<MessageReader::Result> items;
      bool ended;
      {
        std::unique_lock lock(inbox.mutex);
        auto has_work = [&] { return !inbox.items.empty() || inbox.ended; };
        if (auto deadline = server.next_deadline())
          inbox.ready.wait_until(lock, *deadline, has_work);
        else
          inbox.ready.wait(lock, has_work);
        items.swap(inbox.items);
        ended = inbox.ended;
      }
      std::vector<json> batch;
      auto flush_batch = [&] {
        if (batch.empty()) return;
        for (auto& m : server.handle(batch, Server::Clock::now())) writer.write(m);
        batch.clear();
      };
      for (auto& item : items) {
        if (item.kind == MessageReader::Result::Message) {
          batch.push_back(std::move(item.message));
        } else if (item.kind == MessageReader::Result::Malformed) {
          flush_batch();
          writer.write(Server::malformed(item.error));
        }
      }
      flush_batch();
      for (auto& m : server.on_timer(Server::Clock::now())) writer.write(m);
      if (server.exited() || (ended && items.empty())) {
        exit_code = server.exited() ? server.exit_code() : 1;
        return;
      }
    }
  }
};

void* run_loop(void* arg) {
  try {
    static_cast<Loop*>(arg)->run();
  } catch (const std::exception& e) { std::fprintf(stderr, "jixiao lsp: internal error: %s\n", e.what()); }
  return nullptr;
}
}  // namespace

int run_stdio(std::istream& in, std::ostream& out, ServerOptions options) {
  // std::cin is tied to std::cout: every read would flush the output from the reader thread while
  // the server thread writes to it, a race that loses bytes of a message under load.
  in.tie(nullptr);
  Inbox inbox;
  MessageWriter writer(out);
  Loop loop{inbox, writer, options};

  std::thread reader([&] {
    MessageReader r(in);
    while (true) {
      auto result = r.next();
      std::lock_guard lock(inbox.mutex);
      if (result.kind == MessageReader::Result::End) {
        // The editor sees only that the server exited; say why where its log shows it.
        if (!result.error.empty()) std::fprintf(stderr, "jixiao lsp: %s\n", result.error.c_str());
        inbox.ended = true;
        inbox.ready.notify_one();
        return;
      }
      inbox.items.push_back(std::move(result));
      inbox.ready.notify_one();
    }
  });

  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, kServerStack);
  pthread_t server_thread;
  bool big_stack = pthread_create(&server_thread, &attr, run_loop, &loop) == 0;
  pthread_attr_destroy(&attr);
  if (big_stack)
    pthread_join(server_thread, nullptr);
  else
    run_loop(&loop);  // no memory for the large stack: run here rather than not at all

  out.flush();
  bool reader_done;
  {
    std::lock_guard lock(inbox.mutex);
    reader_done = inbox.ended;
  }
  if (reader_done) {
    reader.join();
    return loop.exit_code;
  }
  // After `exit` the reader may still block on stdin, which no one will close: end the process
  // without unwinding a stream that thread is using.
  std::fflush(nullptr);
  std::quick_exit(loop.exit_code);
}

}  // namespace jixiao::lsp
