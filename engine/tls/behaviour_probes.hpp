#pragma once
// The two tls-behaviour probes (facts/tls_behaviour.hpp), each a short sequence of
// SslConnection calls:
//
// RenegotiationProbe (aspect client-renegotiation): one TLS 1.0-1.2 handshake, then up to
// TlsBehaviour::k_renegotiations times SSL_renegotiate + SSL_do_handshake on the same
// connection, counting those the server completes. A refusal (the no_renegotiation
// warning of RFC 5746 §4.2 / RFC 5246 §7.2.2, any other alert, a close or reset, a failed
// handshake) ends the series as "refused"; a server that goes silent ends it "no-answer"
// (the check says it could not tell). A first handshake the server refuses is
// "no-handshake"; a connection that cannot be made is a ProbeError.
//
// ZeroRttProbe (aspect zero-rtt): a TLS 1.3 handshake, an HTTP/1.1 GET of the request's path
// (so the NewSessionTicket arrives and the answer is read, bounded), then a second
// connection resuming that ticket with the same GET as early data (RFC 8446 §4.2.10).
// Records max_early_data from the ticket, whether the early data was accepted, and the
// status line of the answer.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "engine/loop/event_loop.hpp"
#include "engine/tls/openssl_handles.hpp"
#include "engine/tls/ssl_connection.hpp"
#include "facts/facts.hpp"

namespace osescan::engine::tls {

// Bytes accepted from one server connection (a dozen handshakes with their chains, or a
// handshake and the start of an HTTP answer).
inline constexpr size_t k_max_behaviour_bytes = 2 * 1024 * 1024;
// Bytes of an HTTP answer read: the status line is all that is judged.
inline constexpr size_t k_max_answer_bytes = 16 * 1024;

// The SSL_CTX the behaviour probes share: the handshake prober's (probe_ssl_setup.hpp) with
// session tickets allowed and each connection's newest session kept.
SslCtxHandle make_behaviour_context();

class BehaviourProbe : public std::enable_shared_from_this<BehaviourProbe> {
public:
    using Done = std::function<void(facts::Observed<facts::TlsBehaviour>)>;

    BehaviourProbe(EventLoop& loop, std::shared_ptr<SslCtxHandle> context, facts::TlsBehaviourRequest request,
                   std::chrono::milliseconds timeout, Done done);
    virtual ~BehaviourProbe() = default;

    void start();   // reports on a later loop turn
    void cancel();  // `done` is never called afterwards

protected:
    virtual void begin() = 0;
    // A new connection configured for `version` ("" = TLS 1.0-1.3 negotiated); connected, or
    // the probe finished with the ProbeError.
    // `configure` runs on the new SSL before it connects.
    void open(const std::string& version, const std::function<void(SSL*)>& configure, std::function<void()> then);
    void finish(facts::Observed<facts::TlsBehaviour> result);
    bool finished() const { return m_finished; }

    EventLoop& m_loop;
    std::shared_ptr<SslCtxHandle> m_context;
    facts::TlsBehaviourRequest m_request;
    std::chrono::milliseconds m_timeout;
    std::shared_ptr<SslConnection> m_connection;
    facts::TlsBehaviour m_fact;

private:
    Done m_done;
    bool m_finished = false;
};

class RenegotiationProbe final : public BehaviourProbe {
public:
    using BehaviourProbe::BehaviourProbe;

private:
    void begin() override;
    void renegotiate_next();
};

class ZeroRttProbe final : public BehaviourProbe {
public:
    using BehaviourProbe::BehaviourProbe;

private:
    void begin() override;
    // Reads the HTTP answer into m_answer until `enough`, its bound, its end or the timeout.
    void read_answer(std::function<bool()> enough, std::function<void(const SslConnection::CallEnd&)> then);
    void take_ticket(const SslConnection::CallEnd& read);
    void resume();
    std::string http_request() const;

    std::string m_answer;       // bytes of the current HTTP answer (bounded)
    SslSessionHandle m_ticket;  // from the first connection
};

}  // namespace osescan::engine::tls
