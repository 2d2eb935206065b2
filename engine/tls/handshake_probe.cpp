#include "engine/tls/handshake_probe.hpp"

#include <openssl/err.h>

#include "engine/tls/handshake_facts.hpp"
#include "engine/tls/probe_ssl_setup.hpp"

namespace osescan::engine::tls {
namespace {

using facts::ProbeError;
namespace probe_error = facts::probe_error;

facts::TlsHandshake refused(std::string failure) {
    facts::TlsHandshake handshake;
    handshake.accepted = false;
    handshake.failure = std::move(failure);
    return handshake;
}

// Failures that say "this OpenSSL cannot build a ClientHello for that request".
bool is_client_limitation(int reason) {
    return reason == SSL_R_NO_CIPHERS_AVAILABLE || reason == SSL_R_NO_PROTOCOLS_AVAILABLE ||
           reason == SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM || reason == SSL_R_NO_SUITABLE_GROUPS;
}

std::string reason_text(const SslConnection::CallEnd& end) {
    return end.reason_text.empty() ? "handshake failed" : end.reason_text;
}

}  // namespace

HandshakeProbe::HandshakeProbe(EventLoop& loop, std::shared_ptr<const ProbeContext> context, facts::TlsRequest request,
                               std::chrono::milliseconds timeout, Done done)
    : m_loop(loop), m_context(std::move(context)), m_request(std::move(request)), m_timeout(timeout),
      m_done(std::move(done)) {}

HandshakeProbe::~HandshakeProbe() {
    // Normally finish() already freed it; this covers a loop destroyed with probes in flight.
    if (m_connection) m_connection->cancel();
}

void HandshakeProbe::start_timer() {
    auto self = shared_from_this();
    m_timer = m_loop.after(m_timeout, [self] {
        self->m_timer = 0;
        self->on_timeout();
    });
}

bool HandshakeProbe::prepare() {
    // The connection's own timer is a backstop: this probe's timer covers connect and
    // handshake together and always fires first.
    m_connection = std::make_shared<SslConnection>(m_loop, m_timeout * 2, k_max_handshake_bytes);
    if (auto error = m_connection->create(m_context->ssl_ctx.get())) {
        fail_later(*error);
        return false;
    }
    if (auto error = apply_request(m_connection->ssl(), m_request)) {
        fail_later(*error);
        return false;
    }
    return true;
}

void HandshakeProbe::start() {
    start_timer();
    if (!prepare()) return;
    m_phase = Phase::connecting;
    // connect() reports on a later turn, so the handshake never starts inside
    // TlsProber::handshake().
    m_connection->connect(m_request.address, m_request.port,
                          [self = shared_from_this()](std::optional<ProbeError> error) {
                              if (self->m_phase != Phase::connecting) return;
                              if (error) return self->finish(*error);
                              self->handshake();
                          });
}

void HandshakeProbe::start_on_socket(int fd) {
    start_timer();
    if (!prepare()) {
        m_connection->adopt(fd);  // closed with the connection
        return;
    }
    m_connection->adopt(fd);
    // The handshake starts on the next loop turn, as after a connect (never inside the caller).
    m_phase = Phase::connecting;
    m_loop.post([self = shared_from_this()] {
        if (self->m_phase == Phase::connecting) self->handshake();
    });
}

void HandshakeProbe::cancel() {
    if (m_phase == Phase::finished) return;
    m_phase = Phase::finished;
    m_done = nullptr;
    if (m_timer != 0) m_loop.cancel(m_timer);
    m_timer = 0;
    if (m_connection) m_connection->cancel();
    m_connection.reset();
}

void HandshakeProbe::fail_later(ProbeError error) {
    m_loop.post([self = shared_from_this(), error = std::move(error)] { self->finish(error); });
}

void HandshakeProbe::handshake() {
    m_phase = Phase::handshaking;
    m_connection->run([](SSL* ssl) { return SSL_do_handshake(ssl); },
                      [self = shared_from_this()](const SslConnection::CallEnd& end) {
                          if (self->m_phase == Phase::handshaking) self->on_handshake_end(end);
                      });
}

void HandshakeProbe::on_handshake_end(const SslConnection::CallEnd& end) {
    if (end.error) {
        ProbeError error = *end.error;
        if (error.kind == probe_error::too_large) error.detail += " without completing the handshake";
        return finish(error);
    }
    if (end.ok()) {
        facts::TlsHandshake handshake = completed_handshake_facts(m_connection->ssl(), m_request.sni, m_context->trust);
        say_goodbye();
        return finish(std::move(handshake));
    }
    if (end.ssl_error == SSL_ERROR_WANT_READ || end.ssl_error == SSL_ERROR_WANT_WRITE) return on_peer_gone(end);
    if (!end.alert.empty()) return finish(refused("alert: " + end.alert));
    if (end.ssl_error == SSL_ERROR_ZERO_RETURN)
        return finish(refused("server closed the connection during the handshake"));
    if (end.peer_gone && (end.ssl_error == SSL_ERROR_SYSCALL || end.reason == SSL_R_UNEXPECTED_EOF_WHILE_READING))
        return on_peer_gone(end);
    if (end.bytes_received == 0 && !end.peer_gone) {
        // Nothing came from the server yet: OpenSSL failed on its own side.
        const char* kind =
            is_client_limitation(end.reason) ? probe_error::client_unsupported : probe_error::tls_handshake_error;
        return finish(ProbeError{kind, reason_text(end)});
    }
    if (end.ssl_error != SSL_ERROR_SSL) return finish(ProbeError{probe_error::tls_handshake_error, reason_text(end)});
    // OpenSSL rejected what the server sent (wrong version, not TLS at all, bad message...).
    finish(refused(reason_text(end)));
}

void HandshakeProbe::on_peer_gone(const SslConnection::CallEnd& end) {
    // Before our first TLS byte left, this is a TCP-level failure; after it, the server
    // declined the handshake we offered (e.g. a version it does not speak): a fact.
    if (end.peer_reset && end.bytes_sent == 0)
        return finish(ProbeError{probe_error::connection_reset, "connection reset before the TLS handshake started"});
    if (!end.alert.empty()) return finish(refused("alert: " + end.alert));
    finish(refused(end.peer_reset ? "server reset the connection during the handshake"
                                  : "server closed the connection during the handshake"));
}

void HandshakeProbe::on_timeout() {
    const std::string limit = std::to_string(m_timeout.count()) + " ms";
    if (m_phase == Phase::connecting)
        return finish(ProbeError{probe_error::timeout, "no TCP connection within " + limit});
    finish(ProbeError{probe_error::timeout, "TLS handshake not completed within " + limit});
}

void HandshakeProbe::say_goodbye() {
    // The upgraded protocol's goodbye first, then close_notify (RFC 8446 section 6.1), best
    // effort: SslConnection::close sends once, never waits. SSL_write into the memory BIO
    // cannot block.
    if (!m_goodbye.empty() && SSL_write(m_connection->ssl(), m_goodbye.data(), static_cast<int>(m_goodbye.size())) <= 0)
        ERR_clear_error();
    m_connection->close();
}

void HandshakeProbe::finish(facts::Observed<facts::TlsHandshake> result) {
    if (m_phase == Phase::finished) return;
    auto self = shared_from_this();  // the last owner may be a callback released just below
    m_phase = Phase::finished;
    if (m_timer != 0) m_loop.cancel(m_timer);
    m_timer = 0;
    if (m_connection) m_connection->cancel();  // after close(): nothing left to free
    m_connection.reset();
    Done done = std::move(m_done);
    m_done = nullptr;
    if (done) done(std::move(result));
}

}  // namespace osescan::engine::tls
