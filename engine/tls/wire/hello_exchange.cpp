#include "engine/tls/wire/hello_exchange.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace osescan::engine::tls::wire {
namespace {

using End = ExchangeResult::End;
using Clock = std::chrono::steady_clock;

constexpr size_t k_read_chunk = 16 * 1024;
constexpr int k_reads_per_event = 8;  // then let other probes run

class Exchange : public std::enable_shared_from_this<Exchange> {
public:
    Exchange(EventLoop& loop, std::vector<uint8_t> hello, ExchangeOptions options, ExchangeDone done)
        : m_loop(loop),
          m_output(std::move(hello)),
          m_options(options),
          m_parser(options.limits),
          m_done(std::move(done)),
          m_start(Clock::now()) {}

    ~Exchange() {
        if (m_fd >= 0 && !m_options.keep_fd_open) ::close(m_fd);
    }

    void connect(const HelloTarget& target) {
        start_timer();
        addrinfo hints{};
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* address = nullptr;
        const std::string port = std::to_string(target.port);
        if (getaddrinfo(target.ip.c_str(), port.c_str(), &hints, &address) != 0 || address == nullptr)
            return finish_later(End::io_error, "not an IP address: '" + target.ip + "'");
        m_fd = ::socket(address->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (m_fd < 0) {
            freeaddrinfo(address);
            return finish_later(End::io_error, std::string("socket: ") + std::strerror(errno));
        }
        const int connected = ::connect(m_fd, address->ai_addr, address->ai_addrlen);
        const int error = errno;
        freeaddrinfo(address);
        if (connected != 0 && error != EINPROGRESS) return finish_later(connect_end(error), connect_detail(error));
        auto self = shared_from_this();
        m_loop.watch(m_fd, false, true, [self](bool, bool, bool) { self->on_connect_event(); });
    }

    void adopt(int fd) {
        start_timer();
        m_fd = fd;
        const int flags = ::fcntl(fd, F_GETFL);
        if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0)
            return finish_later(End::io_error, std::string("fcntl: ") + std::strerror(errno));
        m_connected = true;
        auto self = shared_from_this();
        m_loop.post([self] { self->on_io(false, true, false); });
    }

    void cancel() {
        if (m_finished) return;
        m_finished = true;
        m_done = nullptr;
        release();
    }

private:
    static End connect_end(int error) {
        if (error == ECONNREFUSED) return End::connect_refused;
        if (error == ETIMEDOUT) return End::connect_timeout;
        return End::io_error;
    }
    static std::string connect_detail(int error) { return std::string("connect: ") + std::strerror(error); }

    void start_timer() {
        auto self = shared_from_this();
        m_timer = m_loop.after(m_options.timeout, [self] {
            self->m_timer = 0;
            self->on_timeout();
        });
    }

    void on_connect_event() {
        if (m_finished || m_connected) return;
        int error = 0;
        socklen_t length = sizeof error;
        if (getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
        if (error != 0) return finish(connect_end(error), connect_detail(error));
        // A wake-up without a result (see handshake_probe.cpp): keep waiting.
        sockaddr_storage peer{};
        socklen_t peer_length = sizeof peer;
        if (getpeername(m_fd, reinterpret_cast<sockaddr*>(&peer), &peer_length) != 0) {
            if (errno == ENOTCONN) return;
            return finish(End::io_error, connect_detail(errno));
        }
        m_connected = true;
        on_io(false, true, false);
    }

    void on_io(bool readable, bool writable, bool error) {
        if (m_finished) return;
        auto self = shared_from_this();  // finish() may drop the loop's references
        if (writable && m_sent < m_output.size() && !send_pending()) return;
        if ((readable || error) && !read_available()) return;
        const bool want_write = m_sent < m_output.size();
        m_loop.watch(m_fd, true, want_write, [self](bool r, bool w, bool e) { self->on_io(r, w, e); });
    }

    // false: the exchange finished
    bool send_pending() {
        while (m_sent < m_output.size()) {
            const ssize_t sent = ::send(m_fd, m_output.data() + m_sent, m_output.size() - m_sent, MSG_NOSIGNAL);
            if (sent > 0) {
                m_sent += static_cast<size_t>(sent);
                continue;
            }
            if (sent < 0 && errno == EINTR) continue;
            if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
            const int error = errno;
            // The server hung up while we were sending; what it sent first may explain why.
            if (!read_available()) return false;
            finish(error == EPIPE || error == ECONNRESET ? End::reset : End::io_error,
                   std::string("send: ") + std::strerror(error));
            return false;
        }
        return true;
    }

    // false: the exchange finished
    bool read_available() {
        uint8_t buffer[k_read_chunk];
        for (int i = 0; i < k_reads_per_event; ++i) {
            const ssize_t received = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (received > 0) {
                m_received += static_cast<size_t>(received);
                if (m_parser.feed(buffer, static_cast<size_t>(received)) == ReplyParser::State::done) {
                    finish(End::reply, "");
                    return false;
                }
                continue;
            }
            if (received == 0) {
                m_parser.end_of_stream();
                finish(End::reply, m_received == 0 ? "connection closed before any reply" : "");
                return false;
            }
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return true;
            const int error = errno;
            finish(error == ECONNRESET ? End::reset : End::io_error, std::string("receive: ") + std::strerror(error));
            return false;
        }
        return true;
    }

    void on_timeout() {
        if (m_finished) return;
        if (!m_connected) return finish(End::connect_timeout, "no connection within " + timeout_text());
        finish(End::timeout, "no complete reply within " + timeout_text() + " (" + std::to_string(m_received) +
                                 " bytes received)");
    }

    std::string timeout_text() const { return std::to_string(m_options.timeout.count()) + " ms"; }

    void finish_later(End end, std::string detail) {
        m_loop.post([self = shared_from_this(), end, detail = std::move(detail)] { self->finish(end, detail); });
    }

    void release() {
        if (m_timer != 0) m_loop.cancel(m_timer);
        m_timer = 0;
        if (m_fd >= 0) {
            m_loop.unwatch(m_fd);
            if (!m_options.keep_fd_open) ::close(m_fd);
            m_fd = -1;
        }
    }

    void finish(End end, const std::string& detail) {
        if (m_finished) return;
        m_finished = true;
        release();
        ExchangeResult result;
        result.end = end;
        result.detail = detail;
        result.reply = m_parser.reply();
        result.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - m_start).count();
        result.bytes_sent = m_sent;
        result.bytes_received = m_received;
        ExchangeDone done = std::move(m_done);
        m_done = nullptr;
        if (done) done(std::move(result));
    }

    EventLoop& m_loop;
    std::vector<uint8_t> m_output;
    ExchangeOptions m_options;
    ReplyParser m_parser;
    ExchangeDone m_done;
    Clock::time_point m_start;
    EventLoop::TimerId m_timer = 0;
    int m_fd = -1;
    bool m_connected = false;
    bool m_finished = false;
    size_t m_sent = 0;
    size_t m_received = 0;
};

}  // namespace

void exchange_hello(EventLoop& loop, const HelloTarget& target, std::vector<uint8_t> hello, ExchangeOptions options,
                    ExchangeDone done) {
    auto exchange = std::make_shared<Exchange>(loop, std::move(hello), options, std::move(done));
    exchange->connect(target);
}

std::function<void()> exchange_hello_cancellable(EventLoop& loop, const HelloTarget& target, std::vector<uint8_t> hello,
                                                 ExchangeOptions options, ExchangeDone done) {
    auto exchange = std::make_shared<Exchange>(loop, std::move(hello), options, std::move(done));
    exchange->connect(target);
    return [weak = std::weak_ptr<Exchange>(exchange)] {
        if (auto alive = weak.lock()) alive->cancel();
    };
}

std::function<void()> exchange_hello_on_fd(EventLoop& loop, int fd, std::vector<uint8_t> hello,
                                           ExchangeOptions options, ExchangeDone done) {
    auto exchange = std::make_shared<Exchange>(loop, std::move(hello), options, std::move(done));
    exchange->adopt(fd);
    return [weak = std::weak_ptr<Exchange>(exchange)] {
        if (auto alive = weak.lock()) alive->cancel();
    };
}

}  // namespace osescan::engine::tls::wire
