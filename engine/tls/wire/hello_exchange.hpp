#pragma once
// One hand-written ClientHello sent over one non-blocking TCP connection on the engine's
// EventLoop, and the server's reply parsed by ReplyParser. No TLS library involved: the
// probe stops at ServerHello / ServerHelloDone and closes the connection.
//
// Additions to the agreed API: ExchangeOptions::keep_fd_open (for exchange_hello_on_fd),
// ExchangeResult::bytes_sent/bytes_received, exchange_hello_cancellable(); End::reply also
// covers "closed before any byte" (reply.kind == closed).
//
// Lifetime: the loop's fd watch and timer hold the exchange while it runs; if the loop
// is destroyed first, `done` is never called (as for HandshakeProbe).

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/loop/event_loop.hpp"
#include "engine/tls/wire/server_reply.hpp"

namespace osescan::engine::tls::wire {

struct HelloTarget {
    std::string ip;  // IPv4 or IPv6 literal (never resolved)
    uint16_t port = 443;
};

struct ExchangeOptions {
    std::chrono::milliseconds timeout{10000};  // connect + send + reply
    ReplyLimits limits;
    bool keep_fd_open = false;  // exchange_hello_on_fd: hand the socket back open (STARTTLS)
};

struct ExchangeResult {
    enum class End {
        reply,            // parser reached done, or EOF after data (or before any: reply.kind closed)
        connect_refused,
        connect_timeout,
        timeout,          // connected, no complete reply
        reset,
        io_error,
    } end = End::io_error;
    std::string detail;
    ServerReply reply;  // also the partial reply on timeout/reset
    double elapsed_ms = 0;
    size_t bytes_sent = 0;
    size_t bytes_received = 0;
};

using ExchangeDone = std::function<void(ExchangeResult)>;

// Connects (SOCK_NONBLOCK), sends `hello` (MSG_NOSIGNAL, partial writes), reads the reply.
// `done` is called exactly once, never from inside this call; the socket is closed and
// the timer cancelled before it runs.
void exchange_hello(EventLoop& loop, const HelloTarget& target, std::vector<uint8_t> hello, ExchangeOptions options,
                    ExchangeDone done);

// exchange_hello with a canceller for deadlines and guard timers: calling it ends the
// exchange at once (socket closed, timer cancelled) and `done` is never called; calling
// it after `done` ran, or twice, does nothing.
std::function<void()> exchange_hello_cancellable(EventLoop& loop, const HelloTarget& target, std::vector<uint8_t> hello,
                                                 ExchangeOptions options, ExchangeDone done);

// The same on a socket that is already connected (e.g. after SMTP STARTTLS). The fd is
// made non-blocking; it is closed at the end unless options.keep_fd_open. The canceller is
// exchange_hello_cancellable's.
std::function<void()> exchange_hello_on_fd(EventLoop& loop, int fd, std::vector<uint8_t> hello, ExchangeOptions options,
                          ExchangeDone done);

}  // namespace osescan::engine::tls::wire
