#pragma once
// One TLS probe: one TCP connection, one handshake, then close.
//
// The connection is an SslConnection (OpenSSL on memory BIOs, the socket I/O our own): it
// lets the probe use send(MSG_NOSIGNAL) (no SIGPIPE), bound what it reads, and tell apart
// how a connection ended (closed, reset, before or after the ClientHello) exactly. This
// class turns how the handshake ended into the `tls` fact: a refusal by the server is a
// fact (accepted false), a failure on our side or of the network a ProbeError.
//
// Lifetime: the connection's fd watch and timer hold the probe (shared_ptr) while it runs;
// finishing or cancelling drops them, and the probe frees its socket and SSL.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "engine/loop/event_loop.hpp"
#include "engine/tls/openssl_handles.hpp"
#include "engine/tls/ssl_connection.hpp"
#include "engine/tls/trust_store.hpp"
#include "facts/facts.hpp"

namespace osescan::engine::tls {

// What all probes of one prober share; kept alive by running probes.
struct ProbeContext {
    SslCtxHandle ssl_ctx;
    TrustStore trust;
};

// Bytes read from a server before the handshake completes; beyond it: ProbeError too-large.
inline constexpr size_t k_max_handshake_bytes = 1024 * 1024;

class HandshakeProbe : public std::enable_shared_from_this<HandshakeProbe> {
public:
    using Done = std::function<void(facts::Observed<facts::TlsHandshake>)>;

    HandshakeProbe(EventLoop& loop, std::shared_ptr<const ProbeContext> context, facts::TlsRequest request,
                   std::chrono::milliseconds timeout, Done done);
    ~HandshakeProbe();
    HandshakeProbe(const HandshakeProbe&) = delete;
    HandshakeProbe& operator=(const HandshakeProbe&) = delete;

    // Starts connecting; failures found here are reported on a later loop turn.
    void start();
    // Starts the handshake on `fd`, a connected non-blocking stream socket the probe now owns:
    // the TLS of a protocol that upgrades its connection (SMTP STARTTLS, RFC 3207 §4). The
    // timeout covers the handshake only. Failures are reported on a later loop turn.
    void start_on_socket(int fd);
    // Application data sent after a completed handshake, before close_notify: the upgraded
    // protocol's goodbye (SMTP "QUIT\r\n", RFC 5321 §4.1.1.10). Best effort, no reply awaited.
    void set_goodbye(std::string application_data) { m_goodbye = std::move(application_data); }
    // Stops the probe; `done` is never called afterwards.
    void cancel();

private:
    enum class Phase { idle, connecting, handshaking, finished };

    bool prepare();  // false: failed (reported on a later loop turn)
    void start_timer();
    void fail_later(facts::ProbeError error);
    void handshake();
    void on_handshake_end(const SslConnection::CallEnd& end);
    void on_peer_gone(const SslConnection::CallEnd& end);
    void on_timeout();
    void say_goodbye();
    void finish(facts::Observed<facts::TlsHandshake> result);

    EventLoop& m_loop;
    std::shared_ptr<const ProbeContext> m_context;
    facts::TlsRequest m_request;
    std::chrono::milliseconds m_timeout;
    Done m_done;

    Phase m_phase = Phase::idle;
    EventLoop::TimerId m_timer = 0;  // over connect and handshake together
    std::shared_ptr<SslConnection> m_connection;
    std::string m_goodbye;
};

}  // namespace osescan::engine::tls
