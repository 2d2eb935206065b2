#include "engine/smtp/smtp_probe.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "engine/loop/tcp_connect.hpp"
#include "engine/smtp/smtp_reply.hpp"

namespace osescan::engine::smtp {

namespace {

using facts::ProbeError;
namespace probe_error = facts::probe_error;

// Bytes of unparsed input kept: one reply at its bounds (smtp_reply.hpp), with line ends.
constexpr size_t k_max_input = k_max_reply_line * k_max_reply_lines;
constexpr size_t k_read_chunk = 4096;

facts::SmtpReply reply_fact(const Reply& reply) { return {reply.code, reply_text(reply)}; }

// How the server's answer ends the conversation when it is not the one we can go on with:
// 4xx "not now" (RFC 5321 §4.2.1: a transient negative completion; greylisting and rate
// limits answer so), a 5xx refusal of our client, or a code that makes no sense here.
ProbeError unexpected_reply(const Reply& reply, const std::string& step) {
    const std::string words = step + ": " + reply_text(reply);
    if (reply.code >= 400 && reply.code < 500) return {probe_error::smtp_temporary, words};
    if (reply.code >= 500) return {probe_error::smtp_rejected, words};
    return {probe_error::smtp_protocol, "unexpected reply to " + words};
}

}  // namespace

SmtpProbe::SmtpProbe(EventLoop& loop, std::shared_ptr<const tls::ProbeContext> context, facts::SmtpRequest request,
                     std::string ehlo_name, std::chrono::milliseconds timeout, Done done)
    : m_loop(loop), m_context(std::move(context)), m_request(std::move(request)), m_ehlo_name(std::move(ehlo_name)),
      m_timeout(timeout), m_done(std::move(done)) {}

SmtpProbe::~SmtpProbe() {
    if (m_fd >= 0) ::close(m_fd);
}

void SmtpProbe::start() {
    ConnectStart connect = start_tcp_connect(m_request.address, m_request.port);
    if (connect.error) return fail_later(*connect.error);
    m_fd = connect.fd;
    m_step = Step::connecting;
    arm_step_timer();
    m_watching = true;
    m_loop.watch(m_fd, false, true, [self = shared_from_this()](bool, bool, bool) { self->on_connect_event(); });
}

void SmtpProbe::cancel() {
    m_done = nullptr;
    if (m_tls) m_tls->cancel();
    m_tls.reset();
    m_step = Step::finished;
    close_socket();
}

void SmtpProbe::fail_later(ProbeError error) {
    m_step = Step::finished;
    m_loop.post([self = shared_from_this(), error = std::move(error)] {
        Done done = std::move(self->m_done);
        self->m_done = nullptr;
        if (done) done(error);
    });
}

void SmtpProbe::arm_step_timer() {
    if (m_timer != 0) m_loop.cancel(m_timer);
    m_timer = m_loop.after(m_timeout, [self = shared_from_this()] {
        self->m_timer = 0;
        self->on_timeout();
    });
}

void SmtpProbe::on_connect_event() {
    if (m_step != Step::connecting) return;
    const auto result = connect_result(m_fd);
    if (result && result->kind.empty()) return;  // no result yet
    if (result) return finish(*result);
    m_step = Step::greeting;  // RFC 5321 §3.1: the server speaks first
    arm_step_timer();
    m_loop.watch(m_fd, true, false, [self = shared_from_this()](bool readable, bool, bool error) {
        self->on_socket_event(readable, error);
    });
}

void SmtpProbe::on_socket_event(bool readable, bool error) {
    if (!readable && !error) return;
    bool ended = false;
    int receive_errno = 0;
    char buffer[k_read_chunk];
    for (;;) {
        const ssize_t received = ::recv(m_fd, buffer, sizeof buffer, 0);
        if (received > 0) {
            m_input.append(buffer, static_cast<size_t>(received));
            if (m_input.size() > k_max_input) break;  // the parser reports the bound
            continue;
        }
        if (received == 0) {
            ended = true;
        } else if (errno == EINTR) {
            continue;
        } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
            ended = true;
            receive_errno = errno;
        }
        break;
    }
    if (m_step == Step::quitting) {
        // Whatever the answer to QUIT (221, RFC 5321 §4.1.1.10) or the end: we are done.
        if (ended || parse_reply(m_input).state != ReplyState::incomplete) close_socket();
        return;
    }
    // Replies in order; a server that answers before being asked is read in sequence.
    while (m_step == Step::greeting || m_step == Step::ehlo || m_step == Step::starttls) {
        const ReplyParse parse = parse_reply(m_input);
        if (parse.state == ReplyState::malformed)
            return finish(ProbeError{probe_error::smtp_protocol, step_name() + ": " + parse.error});
        if (parse.state == ReplyState::incomplete) break;
        m_input.erase(0, parse.consumed);
        on_reply(parse.reply);
    }
    if (ended && m_step != Step::finished && m_step != Step::tls && m_step != Step::quitting) {
        const std::string detail = "the server " + std::string(receive_errno ? "reset" : "closed") +
                                   " the connection while we waited for " + step_name();
        finish(ProbeError{probe_error::connection_reset, detail});
    }
}

void SmtpProbe::on_reply(const Reply& reply) {
    switch (m_step) {
        case Step::greeting: return on_greeting(reply);
        case Step::ehlo: return on_ehlo(reply);
        case Step::starttls: return on_starttls(reply);
        default: return;
    }
}

void SmtpProbe::on_greeting(const Reply& reply) {
    m_session.greeting = reply_fact(reply);
    if (reply.code != 220) return quit_and_finish(unexpected_reply(reply, "greeting"));
    send_command("EHLO " + m_ehlo_name + "\r\n", Step::ehlo);
}

void SmtpProbe::on_ehlo(const Reply& reply) {
    m_session.ehlo = reply_fact(reply);
    // 500/502: the command is not recognised, an SMTP server without the service
    // extensions, hence without STARTTLS (RFC 3207 §4 needs EHLO). Any other 5xx is a
    // refusal of our client (it says nothing about STARTTLS).
    if (reply.code == 500 || reply.code == 502) return quit_and_finish(m_session);
    if (reply.code != 250) return quit_and_finish(unexpected_reply(reply, "EHLO"));
    m_session.extensions = ehlo_extensions(reply);
    m_session.starttls_offered = offers(m_session.extensions, "STARTTLS");
    if (!m_session.starttls_offered) return quit_and_finish(m_session);
    send_command("STARTTLS\r\n", Step::starttls);
}

void SmtpProbe::on_starttls(const Reply& reply) {
    m_session.starttls = reply_fact(reply);
    if (reply.code == 220) return start_tls();
    // RFC 3207 §4: 454 "TLS not available due to temporary reason" is a 4xx: not now.
    // A 5xx (501, 502, ...) refuses the extension the server just offered: a value.
    if (reply.code >= 500) return quit_and_finish(m_session);
    quit_and_finish(unexpected_reply(reply, "STARTTLS"));
}

void SmtpProbe::start_tls() {
    // RFC 3207 §4.2 / §6: bytes that arrived after the 220 were sent before the handshake;
    // they are not part of TLS and must not be read as answers inside it: discard them.
    m_input.clear();
    if (m_timer != 0) m_loop.cancel(m_timer);
    m_timer = 0;
    if (m_watching) m_loop.unwatch(m_fd);
    m_watching = false;
    m_step = Step::tls;
    facts::TlsRequest request;
    request.address = m_request.address;
    request.port = m_request.port;
    request.sni = m_request.host;
    auto self = shared_from_this();
    m_tls = std::make_shared<tls::HandshakeProbe>(m_loop, m_context, request, m_timeout,
                                                  [self](facts::Observed<facts::TlsHandshake> handshake) {
                                                      self->m_tls.reset();
                                                      if (!handshake.ok()) {
                                                          ProbeError error = handshake.error();
                                                          error.detail =
                                                              "TLS handshake after STARTTLS: " + error.detail;
                                                          return self->finish(error);
                                                      }
                                                      self->m_session.tls_attempted = true;
                                                      self->m_session.tls = std::move(handshake.value());
                                                      self->finish(self->m_session);
                                                  });
    // After a completed handshake the TLS probe says QUIT inside TLS, then close_notify.
    m_tls->set_goodbye("QUIT\r\n");
    const int fd = m_fd;
    m_fd = -1;  // the TLS probe owns the socket now
    m_tls->start_on_socket(fd);
}

void SmtpProbe::send_command(const std::string& command, Step next) {
    m_step = next;
    arm_step_timer();
    size_t offset = 0;
    while (offset < command.size()) {
        const ssize_t sent = ::send(m_fd, command.data() + offset, command.size() - offset, MSG_NOSIGNAL);
        if (sent > 0) {
            offset += static_cast<size_t>(sent);
            continue;
        }
        if (sent < 0 && errno == EINTR) continue;
        // A command of a few bytes on a fresh connection does not meet a full send buffer.
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return finish(ProbeError{probe_error::internal, "the socket would not take a command of " +
                                                                std::to_string(command.size()) + " bytes"});
        return finish(socket_error(errno, "sending " + step_name()));
    }
}

void SmtpProbe::on_timeout() {
    if (m_step == Step::quitting) return close_socket();
    const std::string limit = std::to_string(m_timeout.count()) + " ms";
    if (m_step == Step::connecting)
        return finish(ProbeError{probe_error::timeout, "no TCP connection within " + limit});
    std::string detail = "no complete reply to " + step_name() + " within " + limit;
    finish(ProbeError{probe_error::timeout, detail});
}

void SmtpProbe::quit_and_finish(facts::Observed<facts::SmtpSession> result) {
    // RFC 5321 §4.1.1.10: QUIT, then the server answers 221 and closes. The fact is reported
    // now; the probe lingers (bounded by the timeout) only to read that answer.
    if (m_fd >= 0 && m_step != Step::finished) {
        if (::send(m_fd, "QUIT\r\n", 6, MSG_NOSIGNAL) == 6) {
            Done done = std::move(m_done);
            m_done = nullptr;
            m_step = Step::quitting;
            m_input.clear();
            arm_step_timer();
            if (done) done(std::move(result));
            return;
        }
    }
    finish(std::move(result));
}

void SmtpProbe::finish(facts::Observed<facts::SmtpSession> result) {
    if (m_step == Step::finished) return;
    auto self = shared_from_this();  // the last owner may be a watch released just below
    m_step = Step::finished;
    close_socket();
    Done done = std::move(m_done);
    m_done = nullptr;
    if (done) done(std::move(result));
}

void SmtpProbe::close_socket() {
    if (m_timer != 0) m_loop.cancel(m_timer);
    m_timer = 0;
    if (m_watching) m_loop.unwatch(m_fd);
    m_watching = false;
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
    if (m_step == Step::quitting) m_step = Step::finished;
}

std::string SmtpProbe::step_name() const {
    switch (m_step) {
        case Step::connecting: return "the connection";
        case Step::greeting: return "the greeting";
        case Step::ehlo: return "the reply to EHLO";
        case Step::starttls: return "the reply to STARTTLS";
        case Step::tls: return "the TLS handshake";
        case Step::quitting: return "the reply to QUIT";
        default: return "the server";
    }
}

}  // namespace osescan::engine::smtp
