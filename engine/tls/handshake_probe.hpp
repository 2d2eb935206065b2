#pragma once
// One TLS probe: one TCP connection, one handshake, then close.
//
// OpenSSL runs on memory BIOs and this class moves the bytes between them and a
// non-blocking socket watched by the EventLoop. Owning the socket I/O lets the probe use
// send(MSG_NOSIGNAL) (no SIGPIPE), bound what it reads, and tell apart how a connection
// ended (closed, reset, before or after the ClientHello) exactly.
//
// Lifetime: the loop's fd watch and timer hold the probe (shared_ptr) while it runs;
// finishing or cancelling drops them, and the probe frees its socket and SSL.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "facts/facts.hpp"
#include "engine/loop/event_loop.hpp"
#include "engine/tls/openssl_handles.hpp"
#include "engine/tls/trust_store.hpp"

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

    // The most recent fatal alert from the server ("" if none); set by OpenSSL's info callback.
    void record_received_alert(int alert_value);

private:
    enum class Phase { idle, connecting, handshaking, finished };

    bool prepare_ssl();  // false: failed (reported on a later loop turn)
    void start_timer();
    void fail_later(facts::ProbeError error);
    void on_connect_event();
    void on_handshake_event(bool readable, bool writable, bool error);
    void start_handshake();
    void drive_handshake();
    bool read_available();   // false: probe finished (too much data)
    void flush_output();
    void watch_socket();
    void on_handshake_failure(int ssl_error);
    void on_peer_gone();
    void on_timeout();
    void say_goodbye();
    void finish(facts::Observed<facts::TlsHandshake> result);
    void release();

    EventLoop& m_loop;
    std::shared_ptr<const ProbeContext> m_context;
    facts::TlsRequest m_request;
    std::chrono::milliseconds m_timeout;
    Done m_done;

    Phase m_phase = Phase::idle;
    int m_fd = -1;
    bool m_watching = false;
    EventLoop::TimerId m_timer = 0;
    SslHandle m_ssl;
    BIO* m_network_in = nullptr;    // owned by m_ssl: bytes from the server
    BIO* m_network_out = nullptr;   // owned by m_ssl: bytes for the server
    std::string m_pending_output;   // taken from m_network_out, not yet accepted by send()
    size_t m_bytes_sent = 0;
    size_t m_bytes_received = 0;
    bool m_peer_closed = false;
    bool m_peer_reset = false;      // by recv() or send()
    bool m_receive_ended = false;   // recv() saw the end of the stream (EOF or reset)
    std::string m_received_alert;
    std::string m_goodbye;
};

}  // namespace osescan::engine::tls
