#pragma once
// One SMTP conversation with one address of an MX host (RFC 5321, RFC 3207):
//
//   connect -> 220 greeting -> EHLO -> 250 + extensions -> STARTTLS -> 220 -> TLS handshake
//   (tls::HandshakeProbe on this socket, so the MX's chain, version and cipher are the same
//   facts as a web handshake) -> QUIT inside TLS, close_notify.
//
// Without STARTTLS in the EHLO reply (or with EHLO itself "not recognised", 500/502: no
// ESMTP, RFC 3207 needs EHLO) the conversation ends with QUIT: a value, starttls_offered
// false. A 5xx to STARTTLS is a value too (offered but refused). What cannot tell is a
// ProbeError with the server's words: no connection, a timeout on any step (each bounded
// by the timeout), a dropped connection, any 4xx (greylisting, "421 too busy"), a 5xx
// greeting or 5xx to EHLO (a refusal of our client, often of the scanner's address), or
// bytes that are not an SMTP reply.
//
// Lifetime: like HandshakeProbe, the loop's fd watch and timer hold the probe while it
// runs; after `done` it may linger (holding only its socket) to read the reply to QUIT.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "engine/loop/event_loop.hpp"
#include "engine/tls/handshake_probe.hpp"
#include "facts/facts.hpp"

namespace osescan::engine::smtp {

struct Reply;

class SmtpProbe : public std::enable_shared_from_this<SmtpProbe> {
public:
    using Done = std::function<void(facts::Observed<facts::SmtpSession>)>;

    SmtpProbe(EventLoop& loop, std::shared_ptr<const tls::ProbeContext> context, facts::SmtpRequest request,
              std::string ehlo_name, std::chrono::milliseconds timeout, Done done);
    ~SmtpProbe();
    SmtpProbe(const SmtpProbe&) = delete;
    SmtpProbe& operator=(const SmtpProbe&) = delete;

    void start();   // failures found here are reported on a later loop turn
    void cancel();  // `done` is never called afterwards

private:
    enum class Step { idle, connecting, greeting, ehlo, starttls, tls, quitting, finished };

    void on_connect_event();
    void on_socket_event(bool readable, bool error);
    void on_reply(const Reply& reply);
    void on_greeting(const Reply& reply);
    void on_ehlo(const Reply& reply);
    void on_starttls(const Reply& reply);
    void start_tls();
    void send_command(const std::string& command, Step next);
    void arm_step_timer();
    void on_timeout();
    void quit_and_finish(facts::Observed<facts::SmtpSession> result);
    void finish(facts::Observed<facts::SmtpSession> result);
    void fail_later(facts::ProbeError error);
    void close_socket();
    std::string step_name() const;

    EventLoop& m_loop;
    std::shared_ptr<const tls::ProbeContext> m_context;
    facts::SmtpRequest m_request;
    std::string m_ehlo_name;
    std::chrono::milliseconds m_timeout;
    Done m_done;

    Step m_step = Step::idle;
    int m_fd = -1;
    bool m_watching = false;
    EventLoop::TimerId m_timer = 0;
    std::string m_input;  // bytes received, not yet parsed as a reply (bounded)
    facts::SmtpSession m_session;
    std::shared_ptr<tls::HandshakeProbe> m_tls;
};

}  // namespace osescan::engine::smtp
