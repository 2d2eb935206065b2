#include "engine/smtp/starttls_preamble.hpp"

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

std::string no_tls_reason(const facts::SmtpSession& session) {
    if (session.starttls.code != 0) return "STARTTLS refused: " + session.starttls.text;
    if (session.ehlo.code != 250) return "EHLO not recognised (no ESMTP, hence no STARTTLS): " + session.ehlo.text;
    return "STARTTLS not offered in the reply to EHLO";
}

StarttlsPreamble::StarttlsPreamble(EventLoop& loop, std::string address, uint16_t port, std::string ehlo_name,
                                   std::chrono::milliseconds timeout, Done done)
    : m_loop(loop), m_address(std::move(address)), m_port(port), m_ehlo_name(std::move(ehlo_name)), m_timeout(timeout),
      m_done(std::move(done)) {}

StarttlsPreamble::~StarttlsPreamble() {
    if (m_fd >= 0) ::close(m_fd);
}

void StarttlsPreamble::start() {
    ConnectStart connect = start_tcp_connect(m_address, m_port);
    if (connect.error) return fail_later(*connect.error);
    m_fd = connect.fd;
    m_step = Step::connecting;
    arm_step_timer();
    m_watching = true;
    m_loop.watch(m_fd, false, true, [self = shared_from_this()](bool, bool, bool) { self->on_connect_event(); });
}

void StarttlsPreamble::cancel() {
    m_done = nullptr;
    m_step = Step::finished;
    close_socket();
}

void StarttlsPreamble::fail_later(ProbeError error) {
    m_step = Step::finished;
    m_loop.post([self = shared_from_this(), error = std::move(error)] {
        Done done = std::move(self->m_done);
        self->m_done = nullptr;
        if (done) done(PreambleResult{error, -1});
    });
}

void StarttlsPreamble::arm_step_timer() {
    if (m_timer != 0) m_loop.cancel(m_timer);
    m_timer = m_loop.after(m_timeout, [self = shared_from_this()] {
        self->m_timer = 0;
        self->on_timeout();
    });
}

void StarttlsPreamble::on_connect_event() {
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

void StarttlsPreamble::on_socket_event(bool readable, bool error) {
    if (!readable && !error) return;
    auto self = shared_from_this();  // finishing may release the loop's references
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
    if (ended && (m_step == Step::greeting || m_step == Step::ehlo || m_step == Step::starttls)) {
        const std::string detail = "the server " + std::string(receive_errno ? "reset" : "closed") +
                                   " the connection while we waited for " + step_name();
        finish(ProbeError{probe_error::connection_reset, detail});
    }
}

void StarttlsPreamble::on_reply(const Reply& reply) {
    switch (m_step) {
        case Step::greeting: return on_greeting(reply);
        case Step::ehlo: return on_ehlo(reply);
        case Step::starttls: return on_starttls(reply);
        default: return;
    }
}

void StarttlsPreamble::on_greeting(const Reply& reply) {
    m_session.greeting = reply_fact(reply);
    if (reply.code != 220) return quit_and_finish(unexpected_reply(reply, "greeting"));
    send_command("EHLO " + m_ehlo_name + "\r\n", Step::ehlo);
}

void StarttlsPreamble::on_ehlo(const Reply& reply) {
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

void StarttlsPreamble::on_starttls(const Reply& reply) {
    m_session.starttls = reply_fact(reply);
    if (reply.code == 220) return hand_over();
    // RFC 3207 §4: 454 "TLS not available due to temporary reason" is a 4xx: not now.
    // A 5xx (501, 502, ...) refuses the extension the server just offered: a value.
    if (reply.code >= 500) return quit_and_finish(m_session);
    quit_and_finish(unexpected_reply(reply, "STARTTLS"));
}

void StarttlsPreamble::hand_over() {
    // RFC 3207 §4.2 / §6: bytes that arrived after the 220 were sent before the handshake;
    // they are not part of TLS and must not be read as answers inside it: discard them.
    m_input.clear();
    auto self = shared_from_this();  // the last owner may be the watch released below
    if (m_timer != 0) m_loop.cancel(m_timer);
    m_timer = 0;
    if (m_watching) m_loop.unwatch(m_fd);
    m_watching = false;
    const int fd = m_fd;
    m_fd = -1;
    m_step = Step::finished;
    Done done = std::move(m_done);
    m_done = nullptr;
    if (done) done(PreambleResult{m_session, fd});
    else ::close(fd);
}

void StarttlsPreamble::send_command(const std::string& command, Step next) {
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

void StarttlsPreamble::on_timeout() {
    if (m_step == Step::quitting) return close_socket();
    const std::string limit = std::to_string(m_timeout.count()) + " ms";
    if (m_step == Step::connecting)
        return finish(ProbeError{probe_error::timeout, "no TCP connection within " + limit});
    finish(ProbeError{probe_error::timeout, "no complete reply to " + step_name() + " within " + limit});
}

void StarttlsPreamble::quit_and_finish(facts::Observed<facts::SmtpSession> result) {
    // RFC 5321 §4.1.1.10: QUIT, then the server answers 221 and closes. The result is
    // reported now; the preamble lingers (bounded by the timeout) only to read that answer.
    if (m_fd >= 0 && m_step != Step::finished) {
        if (::send(m_fd, "QUIT\r\n", 6, MSG_NOSIGNAL) == 6) {
            Done done = std::move(m_done);
            m_done = nullptr;
            m_step = Step::quitting;
            m_input.clear();
            arm_step_timer();
            if (done) done(PreambleResult{std::move(result), -1});
            return;
        }
    }
    finish(std::move(result));
}

void StarttlsPreamble::finish(facts::Observed<facts::SmtpSession> result) {
    if (m_step == Step::finished) return;
    auto self = shared_from_this();  // the last owner may be a watch released just below
    m_step = Step::finished;
    close_socket();
    Done done = std::move(m_done);
    m_done = nullptr;
    if (done) done(PreambleResult{std::move(result), -1});
}

void StarttlsPreamble::close_socket() {
    if (m_timer != 0) m_loop.cancel(m_timer);
    m_timer = 0;
    if (m_watching) m_loop.unwatch(m_fd);
    m_watching = false;
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
    if (m_step == Step::quitting) m_step = Step::finished;
}

std::string StarttlsPreamble::step_name() const {
    switch (m_step) {
        case Step::connecting: return "the connection";
        case Step::greeting: return "the greeting";
        case Step::ehlo: return "the reply to EHLO";
        case Step::starttls: return "the reply to STARTTLS";
        case Step::quitting: return "the reply to QUIT";
        default: return "the server";
    }
}

}  // namespace osescan::engine::smtp
