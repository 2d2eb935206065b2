#pragma once
// The SMTP conversation before TLS on one fresh connection (RFC 5321, RFC 3207 §4), on the
// EventLoop, without blocking:
//
//   connect -> 220 greeting -> EHLO <name> -> 250 + extensions -> STARTTLS -> 220
//
// and then the socket is handed over, ready for the first TLS byte. Shared by SmtpProbe
// (an OpenSSL handshake follows: the MX's chain) and the handshake scanner (a hand-written
// ClientHello follows: engine/tls/scan), so that there is one SMTP state machine.
//
// How it ends (`done`, exactly once, never from inside start()):
// - ready: `fd` >= 0, the session with greeting, EHLO and the 220 to STARTTLS;
// - a value without a socket: EHLO "not recognised" (500/502: no ESMTP, hence no STARTTLS),
//   STARTTLS not offered, or a 5xx to STARTTLS. The session says which;
// - a ProbeError with the server's words: no connection, a timeout on any step (each bounded
//   by the timeout), a dropped connection, a 4xx at any step (greylisting, "421 too busy"),
//   a 5xx greeting or 5xx to EHLO (a refusal of our client), bytes that are not a reply.
// Where the conversation is still open at an end without a socket, QUIT is sent (RFC 5321
// §4.1.1.10) and the preamble lingers, held by the loop's watch and timer and bounded by the
// timeout, only to read the 221.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "engine/loop/event_loop.hpp"
#include "facts/facts.hpp"

namespace osescan::engine::smtp {

struct Reply;

struct PreambleResult {
    facts::Observed<facts::SmtpSession> session;
    int fd = -1;  // after a 220 to STARTTLS: the connected socket, now the receiver's to close
};

// Why a value without a socket gives no TLS: for callers that need TLS (the scanner), the
// words of their ProbeError ("STARTTLS not offered (EHLO: 250 ...)").
std::string no_tls_reason(const facts::SmtpSession& session);

class StarttlsPreamble : public std::enable_shared_from_this<StarttlsPreamble> {
public:
    using Done = std::function<void(PreambleResult)>;

    StarttlsPreamble(EventLoop& loop, std::string address, uint16_t port, std::string ehlo_name,
                     std::chrono::milliseconds timeout, Done done);
    ~StarttlsPreamble();
    StarttlsPreamble(const StarttlsPreamble&) = delete;
    StarttlsPreamble& operator=(const StarttlsPreamble&) = delete;

    void start();   // failures found here are reported on a later loop turn
    void cancel();  // `done` is never called afterwards; the socket is closed

private:
    enum class Step { idle, connecting, greeting, ehlo, starttls, quitting, finished };

    void on_connect_event();
    void on_socket_event(bool readable, bool error);
    void on_reply(const Reply& reply);
    void on_greeting(const Reply& reply);
    void on_ehlo(const Reply& reply);
    void on_starttls(const Reply& reply);
    void hand_over();
    void send_command(const std::string& command, Step next);
    void arm_step_timer();
    void on_timeout();
    void quit_and_finish(facts::Observed<facts::SmtpSession> result);
    void finish(facts::Observed<facts::SmtpSession> result);
    void fail_later(facts::ProbeError error);
    void close_socket();
    std::string step_name() const;

    EventLoop& m_loop;
    std::string m_address;
    uint16_t m_port;
    std::string m_ehlo_name;
    std::chrono::milliseconds m_timeout;
    Done m_done;

    Step m_step = Step::idle;
    int m_fd = -1;
    bool m_watching = false;
    EventLoop::TimerId m_timer = 0;
    std::string m_input;  // bytes received, not yet parsed as a reply (bounded)
    facts::SmtpSession m_session;
};

}  // namespace osescan::engine::smtp
