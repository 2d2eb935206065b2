#include "engine/tls/handshake_probe.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>

#include <cerrno>
#include <cstring>

#include "engine/loop/tcp_connect.hpp"
#include "engine/tls/handshake_facts.hpp"
#include "engine/tls/probe_ssl_setup.hpp"

namespace osescan::engine::tls {
namespace {

using facts::ProbeError;
namespace probe_error = facts::probe_error;

constexpr size_t k_read_chunk = 16 * 1024;
constexpr int k_reads_per_event = 8;  // then let other probes run; epoll reports the rest

facts::TlsHandshake refused(std::string failure) {
    facts::TlsHandshake handshake;
    handshake.accepted = false;
    handshake.failure = std::move(failure);
    return handshake;
}

std::string reason_text(unsigned long error) {
    if (error == 0) return "handshake failed";
    const char* reason = ERR_reason_error_string(error);
    return reason ? reason : "handshake failed (OpenSSL error " + std::to_string(ERR_GET_REASON(error)) + ")";
}

// Failures that say "this OpenSSL cannot build a ClientHello for that request".
bool is_client_limitation(int reason) {
    return reason == SSL_R_NO_CIPHERS_AVAILABLE || reason == SSL_R_NO_PROTOCOLS_AVAILABLE ||
           reason == SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM || reason == SSL_R_NO_SUITABLE_GROUPS;
}

void on_ssl_info(const SSL* ssl, int where, int value) {
    // Only alerts the server sent: SSL_CB_READ_ALERT is two bits (SSL_CB_ALERT | SSL_CB_READ).
    if ((where & SSL_CB_READ_ALERT) != SSL_CB_READ_ALERT) return;
    if (auto* probe = static_cast<HandshakeProbe*>(SSL_get_app_data(ssl))) probe->record_received_alert(value);
}

}  // namespace

HandshakeProbe::HandshakeProbe(EventLoop& loop, std::shared_ptr<const ProbeContext> context,
                               facts::TlsRequest request, std::chrono::milliseconds timeout, Done done)
    : m_loop(loop),
      m_context(std::move(context)),
      m_request(std::move(request)),
      m_timeout(timeout),
      m_done(std::move(done)) {}

HandshakeProbe::~HandshakeProbe() {
    // Normally release() already ran; this covers a loop destroyed with probes in flight.
    if (m_fd >= 0) ::close(m_fd);
}

void HandshakeProbe::record_received_alert(int alert_value) {
    // RFC 8446 section 6.1: close_notify is the only non-error alert that can arrive
    // during a handshake; any other describes why the server gave up.
    if ((alert_value & 0xff) == SSL_AD_CLOSE_NOTIFY) return;
    m_received_alert = SSL_alert_desc_string_long(alert_value);
}

void HandshakeProbe::start_timer() {
    auto self = shared_from_this();
    m_timer = m_loop.after(m_timeout, [self] {
        self->m_timer = 0;
        self->on_timeout();
    });
}

bool HandshakeProbe::prepare_ssl() {
    m_ssl.reset(SSL_new(m_context->ssl_ctx.get()));
    m_network_in = BIO_new(BIO_s_mem());
    m_network_out = BIO_new(BIO_s_mem());
    if (!m_ssl || m_network_in == nullptr || m_network_out == nullptr) {
        BIO_free(m_network_in);
        BIO_free(m_network_out);
        m_network_in = m_network_out = nullptr;
        ERR_clear_error();
        fail_later({probe_error::internal, "cannot create a TLS connection object"});
        return false;
    }
    SSL_set_bio(m_ssl.get(), m_network_in, m_network_out);  // m_ssl owns both from here
    SSL_set_app_data(m_ssl.get(), this);
    SSL_set_info_callback(m_ssl.get(), on_ssl_info);
    if (auto error = apply_request(m_ssl.get(), m_request)) {
        fail_later(*error);
        return false;
    }
    return true;
}

void HandshakeProbe::start_on_socket(int fd) {
    m_fd = fd;
    start_timer();
    if (!prepare_ssl()) return;
    // The handshake starts on the next loop turn, as after a connect (never inside the caller).
    m_phase = Phase::connecting;
    m_loop.post([self = shared_from_this()] {
        if (self->m_phase == Phase::connecting) self->start_handshake();
    });
}

void HandshakeProbe::start() {
    auto self = shared_from_this();
    start_timer();
    if (!prepare_ssl()) return;

    addrinfo hints{};
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* address = nullptr;
    const std::string port = std::to_string(m_request.port);
    // Numeric only (AI_NUMERICHOST): never a DNS lookup; accepts IPv6 zone ids.
    if (getaddrinfo(m_request.address.c_str(), port.c_str(), &hints, &address) != 0 || address == nullptr)
        return fail_later({probe_error::internal, "not an IP address: '" + m_request.address + "'"});
    m_fd = ::socket(address->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        const int error = errno;
        freeaddrinfo(address);
        return fail_later(socket_error(error, "socket"));
    }
    const int connected = ::connect(m_fd, address->ai_addr, address->ai_addrlen);
    const int connect_errno = errno;
    freeaddrinfo(address);
    if (connected != 0 && connect_errno != EINPROGRESS) return fail_later(socket_error(connect_errno, "connect"));

    // Also when connect() completed at once: the socket is then writable, and the
    // handshake starts on the next loop turn (never inside TlsProber::handshake()).
    m_phase = Phase::connecting;
    m_watching = true;
    m_loop.watch(m_fd, false, true, [self](bool, bool, bool) { self->on_connect_event(); });
}

void HandshakeProbe::cancel() {
    if (m_phase == Phase::finished) return;
    m_phase = Phase::finished;
    m_done = nullptr;
    release();
}

void HandshakeProbe::fail_later(ProbeError error) {
    m_loop.post([self = shared_from_this(), error = std::move(error)] { self->finish(error); });
}

void HandshakeProbe::on_connect_event() {
    if (m_phase != Phase::connecting) return;
    int error = 0;
    socklen_t length = sizeof error;
    if (getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
    if (error != 0) return finish(socket_error(error, "connect"));
    // A wake-up without a result (the fd number reused in the same loop turn): keep waiting.
    sockaddr_storage peer{};
    socklen_t peer_length = sizeof peer;
    if (getpeername(m_fd, reinterpret_cast<sockaddr*>(&peer), &peer_length) != 0) {
        if (errno == ENOTCONN) return;
        return finish(socket_error(errno, "connect"));
    }
    start_handshake();
}

void HandshakeProbe::start_handshake() {
    m_phase = Phase::handshaking;
    SSL_set_connect_state(m_ssl.get());
    drive_handshake();
}

void HandshakeProbe::on_handshake_event(bool readable, bool writable, bool error) {
    if (m_phase != Phase::handshaking) return;
    if (writable && !m_pending_output.empty()) flush_output();
    if ((readable || error) && !read_available()) return;
    drive_handshake();
}

void HandshakeProbe::drive_handshake() {
    ERR_clear_error();
    const int result = SSL_do_handshake(m_ssl.get());
    const int ssl_error = result == 1 ? SSL_ERROR_NONE : SSL_get_error(m_ssl.get(), result);
    flush_output();
    if (result == 1) {
        facts::TlsHandshake handshake = completed_handshake_facts(m_ssl.get(), m_request.sni, m_context->trust);
        say_goodbye();
        return finish(std::move(handshake));
    }
    if (ssl_error == SSL_ERROR_WANT_READ || ssl_error == SSL_ERROR_WANT_WRITE) {
        if (!m_peer_closed && !m_peer_reset) return watch_socket();
        // A failed send() may come before reading the alert that explains it.
        const size_t received_before = m_bytes_received;
        if (!m_receive_ended && !read_available()) return;
        if (m_bytes_received > received_before) return drive_handshake();
        return on_peer_gone();
    }
    on_handshake_failure(ssl_error);
}

bool HandshakeProbe::read_available() {
    char buffer[k_read_chunk];
    for (int i = 0; i < k_reads_per_event && !m_receive_ended; ++i) {
        const ssize_t received = ::recv(m_fd, buffer, sizeof buffer, 0);
        if (received > 0) {
            m_bytes_received += static_cast<size_t>(received);
            if (m_bytes_received > k_max_handshake_bytes) {
                finish(ProbeError{probe_error::too_large, "the server sent more than " +
                                                              std::to_string(k_max_handshake_bytes) +
                                                              " bytes without completing the handshake"});
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
            finish(socket_error(errno, "receive"));
            return false;
        }
        m_peer_reset = true;
        m_receive_ended = true;
    }
    return true;
}

void HandshakeProbe::flush_output() {
    char buffer[k_read_chunk];
    while (BIO_ctrl_pending(m_network_out) > 0) {
        const int taken = BIO_read(m_network_out, buffer, sizeof buffer);
        if (taken <= 0) break;
        m_pending_output.append(buffer, static_cast<size_t>(taken));
    }
    while (!m_pending_output.empty() && !m_peer_reset) {
        const ssize_t sent = ::send(m_fd, m_pending_output.data(), m_pending_output.size(), MSG_NOSIGNAL);
        if (sent > 0) {
            m_bytes_sent += static_cast<size_t>(sent);
            m_pending_output.erase(0, static_cast<size_t>(sent));
            continue;
        }
        if (sent < 0 && errno == EINTR) continue;
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;  // watch_socket waits for POLLOUT
        // EPIPE/ECONNRESET: the server is gone; what it sent before may still explain why.
        m_peer_reset = true;
        m_pending_output.clear();
    }
}

void HandshakeProbe::watch_socket() {
    m_watching = true;
    m_loop.watch(m_fd, true, !m_pending_output.empty(),
                 [self = shared_from_this()](bool readable, bool writable, bool error) {
                     self->on_handshake_event(readable, writable, error);
                 });
}

void HandshakeProbe::on_peer_gone() {
    // Before our first TLS byte left, this is a TCP-level failure; after it, the server
    // declined the handshake we offered (e.g. a version it does not speak): a fact.
    if (m_peer_reset && m_bytes_sent == 0)
        return finish(ProbeError{probe_error::connection_reset, "connection reset before the TLS handshake started"});
    if (!m_received_alert.empty()) return finish(refused("alert: " + m_received_alert));
    finish(refused(m_peer_reset ? "server reset the connection during the handshake"
                                : "server closed the connection during the handshake"));
}

void HandshakeProbe::on_handshake_failure(int ssl_error) {
    const unsigned long first_error = ERR_peek_error();
    const int reason = ERR_GET_REASON(first_error);
    ERR_clear_error();
    if (!m_received_alert.empty()) return finish(refused("alert: " + m_received_alert));
    if (ssl_error == SSL_ERROR_ZERO_RETURN) return finish(refused("server closed the connection during the handshake"));
    const bool peer_gone = m_peer_closed || m_peer_reset;
    if (peer_gone && (ssl_error == SSL_ERROR_SYSCALL || reason == SSL_R_UNEXPECTED_EOF_WHILE_READING))
        return on_peer_gone();
    if (m_bytes_received == 0 && !peer_gone) {
        // Nothing came from the server yet: OpenSSL failed on its own side.
        const char* kind = is_client_limitation(reason) ? probe_error::client_unsupported : probe_error::tls_handshake_error;
        return finish(ProbeError{kind, reason_text(first_error)});
    }
    if (ssl_error != SSL_ERROR_SSL) return finish(ProbeError{probe_error::tls_handshake_error, reason_text(first_error)});
    // OpenSSL rejected what the server sent (wrong version, not TLS at all, bad message...).
    finish(refused(reason_text(first_error)));
}

void HandshakeProbe::on_timeout() {
    const std::string limit = std::to_string(m_timeout.count()) + " ms";
    if (m_phase == Phase::connecting) return finish(ProbeError{probe_error::timeout, "no TCP connection within " + limit});
    finish(ProbeError{probe_error::timeout, "TLS handshake not completed within " + limit});
}

void HandshakeProbe::say_goodbye() {
    // The upgraded protocol's goodbye first, then close_notify (RFC 8446 section 6.1), best
    // effort: one non-blocking send, no waiting. SSL_write into the memory BIO cannot block.
    if (!m_goodbye.empty() && SSL_write(m_ssl.get(), m_goodbye.data(), static_cast<int>(m_goodbye.size())) <= 0)
        ERR_clear_error();
    if (SSL_shutdown(m_ssl.get()) < 0) ERR_clear_error();
    flush_output();
    ERR_clear_error();
}

void HandshakeProbe::finish(facts::Observed<facts::TlsHandshake> result) {
    if (m_phase == Phase::finished) return;
    auto self = shared_from_this();  // the last owner may be a watch released just below
    m_phase = Phase::finished;
    release();
    Done done = std::move(m_done);
    m_done = nullptr;
    if (done) done(std::move(result));
}

void HandshakeProbe::release() {
    if (m_timer != 0) m_loop.cancel(m_timer);
    m_timer = 0;
    if (m_watching) m_loop.unwatch(m_fd);
    m_watching = false;
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
    m_ssl.reset();
    m_network_in = m_network_out = nullptr;
    m_pending_output.clear();
}

}  // namespace osescan::engine::tls
