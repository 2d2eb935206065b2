#pragma once
// One TCP connection with an OpenSSL SSL on memory BIOs, driven on the EventLoop, for probes
// that do more than one handshake on it (renegotiation) or more than a handshake (HTTP over
// it, resumption with early data). run() drives ONE OpenSSL call (SSL_do_handshake,
// SSL_read, SSL_write, SSL_write_early_data) until it returns success or a failure, the
// server goes away, or the timeout passes; the probe decides what comes next.
//
// Owning the socket I/O gives send(MSG_NOSIGNAL), a bound on what is read and an exact
// account of how the server ended the connection. HandshakeProbe (one handshake, the
// `tls` facts) is built on it too.
//
// Lifetime: the loop's watch and timer hold the connection while a call runs; the probe
// holds it between calls. cancel() drops the callback and frees socket and SSL.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/loop/event_loop.hpp"
#include "engine/tls/openssl_handles.hpp"
#include "facts/facts.hpp"

namespace osescan::engine::tls {

using SslSessionHandle = std::unique_ptr<SSL_SESSION, OpenSslDeleter<SSL_SESSION_free>>;

class SslConnection : public std::enable_shared_from_this<SslConnection> {
public:
    // How one OpenSSL call ended.
    struct CallEnd {
        int result = 0;                          // the call's return value (> 0: success)
        int ssl_error = 0;                       // SSL_get_error() when result <= 0
        int reason = 0;                          // ERR_GET_REASON() of the first queued error, 0 none
        std::string reason_text;                 // OpenSSL's text for it
        std::string alert;                       // last alert the server sent during the call (any level)
        bool peer_gone = false;                  // the server closed or reset the connection
        bool peer_reset = false;                 // ... by a reset (recv() or send() said so)
        size_t bytes_sent = 0;                   // over the connection's life, so far
        size_t bytes_received = 0;
        std::optional<facts::ProbeError> error;  // timeout, socket failure, too much data
        bool ok() const { return !error && result > 0; }
        // "alert: no renegotiation", "server closed the connection", or OpenSSL's reason.
        std::string describe() const;
    };
    using Call = std::function<int(SSL*)>;
    using CallDone = std::function<void(const CallEnd&)>;
    using Connected = std::function<void(std::optional<facts::ProbeError>)>;

    // `max_received`: bytes accepted from the server over the connection's life.
    SslConnection(EventLoop& loop, std::chrono::milliseconds timeout, size_t max_received);
    ~SslConnection();
    SslConnection(const SslConnection&) = delete;
    SslConnection& operator=(const SslConnection&) = delete;

    // Makes the SSL (client state) from `ctx`; ssl() may then be configured. A ProbeError
    // internal if OpenSSL cannot.
    std::optional<facts::ProbeError> create(SSL_CTX* ctx);
    SSL* ssl() const { return m_ssl.get(); }

    // Connects to address:port (an IP literal; never a DNS lookup); `done` on a later turn.
    void connect(const std::string& address, uint16_t port, Connected done);
    // Takes `fd`, a connected non-blocking stream socket, as the connection: the TLS of a
    // protocol that upgrades its connection (SMTP STARTTLS, RFC 3207 §4).
    void adopt(int fd);
    // Drives `call` until it completes or fails; `done` may run before run() returns.
    void run(Call call, CallDone done);
    // close_notify, best effort, then frees socket and SSL (no callback).
    void close();
    // Frees everything; no callback is called afterwards.
    void cancel();
    // While held, what OpenSSL writes is kept back instead of sent (the 0-RTT probe withholds
    // its Finished, as a replaying attacker, who cannot make one, would).
    void hold_output(bool hold) { m_hold_output = hold; }

    // The newest session the server issued on this connection (TLS 1.3 NewSessionTicket),
    // or nullptr; needs the context's new-session callback (install_session_callback).
    SSL_SESSION* latest_session() const { return m_session.get(); }
    // Sets `ctx` up so that every connection made from it keeps its newest session.
    static void install_session_callback(SSL_CTX* ctx);

    // OpenSSL's callbacks land here (SSL app data).
    void record_received_alert(int alert_value);
    void record_session(SSL_SESSION* session);

private:
    enum class Phase { idle, connecting, open, calling, finished };

    void on_connect_event();
    void on_event(bool readable, bool writable, bool error);
    void step();
    bool read_available();  // false: the byte bound was hit
    void flush_output();
    void watch_socket();
    void end_call(CallEnd end);
    void end_connect(std::optional<facts::ProbeError> error);
    void arm_timer(const std::string& what);
    void release();

    EventLoop& m_loop;
    std::chrono::milliseconds m_timeout;
    size_t m_max_received;

    Phase m_phase = Phase::idle;
    int m_fd = -1;
    bool m_watching = false;
    EventLoop::TimerId m_timer = 0;
    SslHandle m_ssl;
    BIO* m_network_in = nullptr;   // owned by m_ssl
    BIO* m_network_out = nullptr;  // owned by m_ssl
    std::string m_pending_output;
    size_t m_bytes_sent = 0;
    size_t m_bytes_received = 0;
    bool m_peer_closed = false;
    bool m_peer_reset = false;
    bool m_receive_ended = false;
    bool m_hold_output = false;
    std::string m_call_alert;
    SslSessionHandle m_session;

    Call m_call;
    CallDone m_call_done;
    Connected m_connected;
};

}  // namespace osescan::engine::tls
