#pragma once
// One SMTP conversation with one address of an MX host (RFC 5321, RFC 3207):
//
//   StarttlsPreamble (connect -> 220 greeting -> EHLO -> 250 + extensions -> STARTTLS -> 220)
//   -> TLS handshake (tls::HandshakeProbe on that socket, so the MX's chain, version and
//   cipher are the same facts as a web handshake) -> QUIT inside TLS, close_notify.
//
// Without STARTTLS in the EHLO reply (or with EHLO itself "not recognised", 500/502: no
// ESMTP, RFC 3207 needs EHLO) the conversation ends with QUIT: a value, starttls_offered
// false. A 5xx to STARTTLS is a value too (offered but refused). What cannot tell is a
// ProbeError with the server's words (see starttls_preamble.hpp), or a failed handshake.
//
// Lifetime: like HandshakeProbe, the loop's fd watch and timer hold the probe while it
// runs; after `done` the preamble or the TLS probe may linger (holding only the socket) to
// read the reply to QUIT.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "engine/loop/event_loop.hpp"
#include "engine/smtp/starttls_preamble.hpp"
#include "engine/tls/handshake_probe.hpp"
#include "facts/facts.hpp"

namespace osescan::engine::smtp {

class SmtpProbe : public std::enable_shared_from_this<SmtpProbe> {
public:
    using Done = std::function<void(facts::Observed<facts::SmtpSession>)>;

    SmtpProbe(EventLoop& loop, std::shared_ptr<const tls::ProbeContext> context, facts::SmtpRequest request,
              std::string ehlo_name, std::chrono::milliseconds timeout, Done done);
    SmtpProbe(const SmtpProbe&) = delete;
    SmtpProbe& operator=(const SmtpProbe&) = delete;

    void start();   // failures found here are reported on a later loop turn
    void cancel();  // `done` is never called afterwards

private:
    void on_preamble(PreambleResult result);
    void start_tls(int fd);
    void finish(facts::Observed<facts::SmtpSession> result);

    EventLoop& m_loop;
    std::shared_ptr<const tls::ProbeContext> m_context;
    facts::SmtpRequest m_request;
    std::string m_ehlo_name;
    std::chrono::milliseconds m_timeout;
    Done m_done;

    facts::SmtpSession m_session;
    std::shared_ptr<StarttlsPreamble> m_preamble;
    std::shared_ptr<tls::HandshakeProbe> m_tls;
};

}  // namespace osescan::engine::smtp
