#include "engine/tls/ssl_connection.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>

#include <cerrno>

#include "engine/loop/tcp_connect.hpp"

namespace osescan::engine::tls {
namespace {

using facts::ProbeError;
namespace probe_error = facts::probe_error;

constexpr size_t k_read_chunk = 16 * 1024;
constexpr int k_reads_per_event = 8;  // then let other probes run; epoll reports the rest

void on_ssl_info(const SSL* ssl, int where, int value) {
    // Alerts the server sent, warnings included: a refused renegotiation is the warning
    // no_renegotiation (RFC 5246 §7.2.2).
    if ((where & SSL_CB_READ_ALERT) != SSL_CB_READ_ALERT) return;
    if (auto* connection = static_cast<SslConnection*>(SSL_get_app_data(ssl))) connection->record_received_alert(value);
}

int on_new_session(SSL* ssl, SSL_SESSION* session) {
    auto* connection = static_cast<SslConnection*>(SSL_get_app_data(ssl));
    if (!connection) return 0;
    connection->record_session(session);
    return 1;  // we keep the reference
}

}  // namespace

std::string SslConnection::CallEnd::describe() const {
    if (error) return error->detail;
    if (!alert.empty()) return "alert: " + alert;
    if (peer_gone) return "the server closed the connection";
    if (ssl_error == SSL_ERROR_ZERO_RETURN) return "the server closed the TLS session (close_notify)";
    if (!reason_text.empty()) return reason_text;
    return "failed (OpenSSL error " + std::to_string(ssl_error) + ")";
}

SslConnection::SslConnection(EventLoop& loop, std::chrono::milliseconds timeout, size_t max_received)
    : m_loop(loop), m_timeout(timeout), m_max_received(max_received) {}

SslConnection::~SslConnection() {
    if (m_fd >= 0) ::close(m_fd);
}

void SslConnection::install_session_callback(SSL_CTX* ctx) {
    // The client "cache" only calls back; nothing is stored in the context (one probe's
    // ticket must never be offered by another).
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(ctx, on_new_session);
}

void SslConnection::record_received_alert(int alert_value) {
    if ((alert_value & 0xff) == SSL_AD_CLOSE_NOTIFY) return;
    m_call_alert = SSL_alert_desc_string_long(alert_value);
}

void SslConnection::record_session(SSL_SESSION* session) { m_session.reset(session); }

std::optional<ProbeError> SslConnection::create(SSL_CTX* ctx) {
    m_ssl.reset(SSL_new(ctx));
    m_network_in = BIO_new(BIO_s_mem());
    m_network_out = BIO_new(BIO_s_mem());
    if (!m_ssl || m_network_in == nullptr || m_network_out == nullptr) {
        BIO_free(m_network_in);
        BIO_free(m_network_out);
        m_network_in = m_network_out = nullptr;
        m_ssl.reset();
        ERR_clear_error();
        return ProbeError{probe_error::internal, "cannot create a TLS connection object"};
    }
    SSL_set_bio(m_ssl.get(), m_network_in, m_network_out);  // m_ssl owns both from here
    SSL_set_app_data(m_ssl.get(), this);
    SSL_set_info_callback(m_ssl.get(), on_ssl_info);
    SSL_set_connect_state(m_ssl.get());
    return std::nullopt;
}

void SslConnection::connect(const std::string& address, uint16_t port, Connected done) {
    auto self = shared_from_this();
    m_connected = std::move(done);
    auto fail_later = [this, self](ProbeError error) {
        m_loop.post([self, error = std::move(error)] { self->end_connect(error); });
    };
    m_phase = Phase::connecting;
    addrinfo hints{};
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* resolved = nullptr;
    const std::string service = std::to_string(port);
    if (getaddrinfo(address.c_str(), service.c_str(), &hints, &resolved) != 0 || resolved == nullptr)
        return fail_later({probe_error::internal, "not an IP address: '" + address + "'"});
    m_fd = ::socket(resolved->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        const int error = errno;
        freeaddrinfo(resolved);
        return fail_later(socket_error(error, "socket"));
    }
    const int connected = ::connect(m_fd, resolved->ai_addr, resolved->ai_addrlen);
    const int connect_errno = errno;
    freeaddrinfo(resolved);
    if (connected != 0 && connect_errno != EINPROGRESS) return fail_later(socket_error(connect_errno, "connect"));
    arm_timer("no TCP connection");
    m_watching = true;
    m_loop.watch(m_fd, false, true, [self](bool, bool, bool) { self->on_connect_event(); });
}

void SslConnection::adopt(int fd) {
    m_fd = fd;
    m_phase = Phase::open;
}

void SslConnection::on_connect_event() {
    if (m_phase != Phase::connecting) return;
    int error = 0;
    socklen_t length = sizeof error;
    if (getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
    if (error != 0) return end_connect(socket_error(error, "connect"));
    sockaddr_storage peer{};
    socklen_t peer_length = sizeof peer;
    if (getpeername(m_fd, reinterpret_cast<sockaddr*>(&peer), &peer_length) != 0) {
        if (errno == ENOTCONN) return;  // a wake-up without a result: keep waiting
        return end_connect(socket_error(errno, "connect"));
    }
    end_connect(std::nullopt);
}

void SslConnection::end_connect(std::optional<ProbeError> error) {
    if (m_phase != Phase::connecting) return;
    auto self = shared_from_this();
    if (m_timer != 0) m_loop.cancel(m_timer);
    m_timer = 0;
    if (m_watching) m_loop.unwatch(m_fd);
    m_watching = false;
    m_phase = error ? Phase::finished : Phase::open;
    if (error) release();
    Connected done = std::move(m_connected);
    m_connected = nullptr;
    if (done) done(std::move(error));
}

void SslConnection::run(Call call, CallDone done) {
    if (m_phase != Phase::open) {
        CallEnd end;
        end.error = ProbeError{probe_error::internal, "TLS connection not open"};
        if (done) done(end);
        return;
    }
    m_phase = Phase::calling;
    m_call = std::move(call);
    m_call_done = std::move(done);
    m_call_alert.clear();
    arm_timer("no answer from the server");
    step();
}

void SslConnection::arm_timer(const std::string& what) {
    if (m_timer != 0) m_loop.cancel(m_timer);
    const std::string detail = what + " within " + std::to_string(m_timeout.count()) + " ms";
    m_timer = m_loop.after(m_timeout, [self = shared_from_this(), detail] {
        self->m_timer = 0;
        ProbeError error{probe_error::timeout, detail};
        if (self->m_phase == Phase::connecting) return self->end_connect(error);
        CallEnd end;
        end.error = error;
        self->end_call(end);
    });
}

void SslConnection::on_event(bool readable, bool writable, bool error) {
    if (m_phase != Phase::calling) return;
    if (writable && !m_pending_output.empty()) flush_output();
    if ((readable || error) && !read_available()) return;
    step();
}

void SslConnection::step() {
    ERR_clear_error();
    const int result = m_call(m_ssl.get());
    const int ssl_error = result > 0 ? SSL_ERROR_NONE : SSL_get_error(m_ssl.get(), result);
    flush_output();
    CallEnd end;
    end.result = result;
    end.ssl_error = ssl_error;
    end.alert = m_call_alert;
    end.bytes_sent = m_bytes_sent;
    end.bytes_received = m_bytes_received;
    if (result > 0) return end_call(end);
    if (ssl_error == SSL_ERROR_WANT_READ || ssl_error == SSL_ERROR_WANT_WRITE) {
        if (!m_peer_closed && !m_peer_reset) return watch_socket();
        // A failed send() may come before reading the alert that explains it.
        const size_t received_before = m_bytes_received;
        if (!m_receive_ended && !read_available()) return;
        if (m_bytes_received > received_before) return step();
        end.peer_gone = true;
        end.peer_reset = m_peer_reset;
        return end_call(end);
    }
    const unsigned long first_error = ERR_peek_error();
    ERR_clear_error();
    end.reason = ERR_GET_REASON(first_error);
    if (first_error != 0) {
        const char* text = ERR_reason_error_string(first_error);
        end.reason_text = text ? text : "OpenSSL error " + std::to_string(end.reason);
    }
    end.peer_gone = m_peer_closed || m_peer_reset;
    end.peer_reset = m_peer_reset;
    end_call(end);
}

bool SslConnection::read_available() {
    char buffer[k_read_chunk];
    for (int i = 0; i < k_reads_per_event && !m_receive_ended; ++i) {
        const ssize_t received = ::recv(m_fd, buffer, sizeof buffer, 0);
        if (received > 0) {
            m_bytes_received += static_cast<size_t>(received);
            if (m_bytes_received > m_max_received) {
                CallEnd end;
                end.error = ProbeError{probe_error::too_large,
                                       "the server sent more than " + std::to_string(m_max_received) + " bytes"};
                end_call(end);
                return false;
            }
            BIO_write(m_network_in, buffer, static_cast<int>(received));
            continue;
        }
        if (received == 0) {
            m_peer_closed = true;
            m_receive_ended = true;
            break;
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        if (errno != ECONNRESET) {
            CallEnd end;
            end.error = socket_error(errno, "receive");
            end_call(end);
            return false;
        }
        m_peer_reset = true;
        m_receive_ended = true;
    }
    return true;
}

void SslConnection::flush_output() {
    char buffer[k_read_chunk];
    while (m_network_out != nullptr && BIO_ctrl_pending(m_network_out) > 0) {
        const int taken = BIO_read(m_network_out, buffer, sizeof buffer);
        if (taken <= 0) break;
        m_pending_output.append(buffer, static_cast<size_t>(taken));
    }
    while (!m_pending_output.empty() && !m_peer_reset && !m_hold_output && m_fd >= 0) {
        const ssize_t sent = ::send(m_fd, m_pending_output.data(), m_pending_output.size(), MSG_NOSIGNAL);
        if (sent > 0) {
            m_bytes_sent += static_cast<size_t>(sent);
            m_pending_output.erase(0, static_cast<size_t>(sent));
            continue;
        }
        if (sent < 0 && errno == EINTR) continue;
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        // EPIPE/ECONNRESET: the server is gone; what it sent before may still explain why.
        m_peer_reset = true;
        m_pending_output.clear();
    }
}

void SslConnection::watch_socket() {
    m_watching = true;
    m_loop.watch(m_fd, true, !m_pending_output.empty() && !m_hold_output,
                 [self = shared_from_this()](bool readable, bool writable, bool error) {
                     self->on_event(readable, writable, error);
                 });
}

void SslConnection::end_call(CallEnd end) {
    if (m_phase != Phase::calling) return;
    auto self = shared_from_this();  // the last owner may be a watch released just below
    if (m_timer != 0) m_loop.cancel(m_timer);
    m_timer = 0;
    if (m_watching) m_loop.unwatch(m_fd);
    m_watching = false;
    m_phase = Phase::open;
    m_call = nullptr;
    CallDone done = std::move(m_call_done);
    m_call_done = nullptr;
    if (done) done(end);
}

void SslConnection::close() {
    if (m_ssl && m_phase == Phase::open) {
        // close_notify (RFC 8446 §6.1), best effort: one non-blocking send, no waiting.
        ERR_clear_error();
        if (SSL_shutdown(m_ssl.get()) < 0) ERR_clear_error();
        flush_output();
        ERR_clear_error();
    }
    cancel();
}

void SslConnection::cancel() {
    m_phase = Phase::finished;
    m_call = nullptr;
    m_call_done = nullptr;
    m_connected = nullptr;
    release();
}

void SslConnection::release() {
    if (m_timer != 0) m_loop.cancel(m_timer);
    m_timer = 0;
    if (m_watching) m_loop.unwatch(m_fd);
    m_watching = false;
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
    if (m_ssl) SSL_set_app_data(m_ssl.get(), nullptr);
    m_ssl.reset();
    m_network_in = m_network_out = nullptr;
    m_pending_output.clear();
}

}  // namespace osescan::engine::tls
