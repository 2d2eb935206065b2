#include "engine/tls/behaviour_probes.hpp"

#include <openssl/err.h>

#include <algorithm>
#include <cstdio>

#include "engine/http/status_line.hpp"
#include "engine/tls/probe_ssl_setup.hpp"

namespace osescan::engine::tls {
namespace {

using facts::ProbeError;
namespace probe_error = facts::probe_error;
using CallEnd = SslConnection::CallEnd;

// A request target or Host value goes into the request line as it is, except bytes that
// would end or split the line (controls, space, DEL, non-ASCII): percent-encoded.
std::string request_safe(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
        if (c > 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", c);
            out += escaped;
        }
    }
    return out;
}

}  // namespace

SslCtxHandle make_behaviour_context() {
    SslCtxHandle context = make_probe_context();
    // The 0-RTT probe needs the server's NewSessionTicket (RFC 8446 §4.6.1).
    SSL_CTX_clear_options(context.get(), SSL_OP_NO_TICKET);
    SslConnection::install_session_callback(context.get());
    return context;
}

BehaviourProbe::BehaviourProbe(EventLoop& loop, std::shared_ptr<SslCtxHandle> context,
                               facts::TlsBehaviourRequest request, std::chrono::milliseconds timeout, Done done)
    : m_loop(loop), m_context(std::move(context)), m_request(std::move(request)), m_timeout(timeout),
      m_done(std::move(done)) {}

void BehaviourProbe::start() {
    m_loop.post([self = shared_from_this()] {
        if (!self->m_finished) self->begin();
    });
}

void BehaviourProbe::cancel() {
    m_finished = true;
    m_done = nullptr;
    if (m_connection) m_connection->cancel();
    m_connection.reset();
}

void BehaviourProbe::open(const std::string& version, const std::function<void(SSL*)>& configure,
                          std::function<void()> then) {
    if (m_connection) m_connection->close();
    m_connection = std::make_shared<SslConnection>(m_loop, m_timeout, k_max_behaviour_bytes);
    if (auto error = m_connection->create(m_context->get())) return finish(*error);
    facts::TlsRequest settings;
    settings.address = m_request.address;
    settings.port = m_request.port;
    settings.sni = m_request.sni;
    settings.version = version;
    if (auto error = apply_request(m_connection->ssl(), settings)) return finish(*error);
    if (configure) configure(m_connection->ssl());
    m_connection->connect(m_request.address, m_request.port,
                          [self = shared_from_this(), then = std::move(then)](std::optional<ProbeError> error) {
                              if (self->m_finished) return;
                              if (error) return self->finish(*error);
                              then();
                          });
}

void BehaviourProbe::finish(facts::Observed<facts::TlsBehaviour> result) {
    if (m_finished) return;
    auto self = shared_from_this();
    m_finished = true;
    if (m_connection) m_connection->close();
    m_connection.reset();
    Done done = std::move(m_done);
    m_done = nullptr;
    if (done) done(std::move(result));
}

// ---------------------------------------------------------------- renegotiation

void RenegotiationProbe::begin() {
    auto self = shared_from_this();
    const auto configure = [](SSL* ssl) {
        // Renegotiation exists up to TLS 1.2 only (RFC 8446 §4.1.2 removed it).
        SSL_set_max_proto_version(ssl, TLS1_2_VERSION);
        // Also a server without RFC 5746 is asked (tls.secure_renegotiation judges that):
        // whether it lets a client renegotiate is this probe's question.
        SSL_set_options(ssl, SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION | SSL_OP_NO_TICKET);
    };
    open("", configure, [this, self] {
        m_connection->run(SSL_do_handshake, [this, self](const CallEnd& end) {
            if (end.error) return finish(*end.error);
            if (!end.ok()) {
                m_fact.renegotiation_end = facts::renegotiation_end::no_handshake;
                m_fact.detail = end.describe();
                return finish(m_fact);
            }
            m_fact.version = SSL_get_version(m_connection->ssl());
            renegotiate_next();
        });
    });
}

void RenegotiationProbe::renegotiate_next() {
    if (m_fact.renegotiations_completed >= facts::TlsBehaviour::k_renegotiations) {
        m_fact.renegotiation_end = facts::renegotiation_end::all_completed;
        m_fact.detail = "the server completed every renegotiation asked for";
        return finish(m_fact);
    }
    ERR_clear_error();
    if (SSL_renegotiate(m_connection->ssl()) != 1) {
        const unsigned long error = ERR_peek_error();
        ERR_clear_error();
        const char* reason = error ? ERR_reason_error_string(error) : nullptr;
        return finish(ProbeError{probe_error::client_unsupported,
                                 std::string("this OpenSSL cannot renegotiate: ") + (reason ? reason : "unknown")});
    }
    ++m_fact.renegotiations_asked;
    auto self = shared_from_this();
    m_connection->run(SSL_do_handshake, [this, self](const CallEnd& end) {
        if (end.error && end.error->kind == probe_error::timeout) {
            // Silence is not a refusal: the server may be slow, or waiting; could not tell.
            m_fact.renegotiation_end = facts::renegotiation_end::no_answer;
            m_fact.detail = "renegotiation " + std::to_string(m_fact.renegotiations_asked) + ": " + end.describe();
            return finish(m_fact);
        }
        if (end.error) return finish(*end.error);
        if (!end.ok()) {
            m_fact.renegotiation_end = facts::renegotiation_end::refused;
            m_fact.detail = "renegotiation " + std::to_string(m_fact.renegotiations_asked) + ": " + end.describe();
            return finish(m_fact);
        }
        ++m_fact.renegotiations_completed;
        renegotiate_next();
    });
}

// ---------------------------------------------------------------- 0-RTT

std::string ZeroRttProbe::http_request() const {
    std::string host = m_request.host.empty() ? m_request.address : m_request.host;
    if (host.find(':') != std::string::npos) host = "[" + host + "]";  // an IPv6 literal
    if (m_request.port != 443) host += ":" + std::to_string(m_request.port);
    const std::string path = m_request.path.empty() ? "/" : m_request.path;
    return "GET " + request_safe(path) + " HTTP/1.1\r\nHost: " + request_safe(host) +
           "\r\nUser-Agent: osescan\r\nAccept: */*\r\nConnection: close\r\n\r\n";
}

void ZeroRttProbe::begin() {
    auto self = shared_from_this();
    open(facts::tls_version::tls1_3, nullptr, [this, self] {
        m_connection->run(SSL_do_handshake, [this, self](const CallEnd& end) {
            if (end.error) return finish(*end.error);
            if (!end.ok()) {
                m_fact.early_data = facts::early_data_status::no_tls13;
                m_fact.detail = end.describe();
                return finish(m_fact);
            }
            m_fact.version = SSL_get_version(m_connection->ssl());
            const std::string request = http_request();
            m_connection->run(
                [request](SSL* ssl) {
                    size_t written = 0;
                    return SSL_write_ex(ssl, request.data(), request.size(), &written);
                },
                [this, self](const CallEnd& sent) {
                    if (sent.error) return finish(*sent.error);
                    if (!sent.ok())
                        return finish(ProbeError{probe_error::tls_handshake_error,
                                                 "could not send the HTTP request: " + sent.describe()});
                    // Enough once a ticket has come: servers send them right after the
                    // handshake (RFC 8446 §4.6.1), the answer itself is not needed.
                    read_answer([this] { return m_connection->latest_session() != nullptr; },
                                [this, self](const CallEnd& read) { take_ticket(read); });
                });
        });
    });
}

void ZeroRttProbe::read_answer(std::function<bool()> enough, std::function<void(const CallEnd&)> then) {
    auto self = shared_from_this();
    m_connection->run(
        [this](SSL* ssl) {
            char buffer[4096];
            size_t received = 0;
            const int result = SSL_read_ex(ssl, buffer, sizeof buffer, &received);
            if (result == 1) m_answer.append(buffer, std::min(received, k_max_answer_bytes - m_answer.size()));
            return result;
        },
        [this, self, enough = std::move(enough), then = std::move(then)](const CallEnd& end) {
            if (end.ok() && m_answer.size() < k_max_answer_bytes && !enough()) return read_answer(enough, then);
            then(end);
        });
}

void ZeroRttProbe::take_ticket(const CallEnd& read) {
    SSL_SESSION* session = m_connection->latest_session();
    if (session == nullptr || SSL_SESSION_is_resumable(session) != 1) {
        if (read.error && !http::status_line_complete(m_answer))
            return finish(ProbeError{read.error->kind,
                                     "no answer to the HTTP request and no session ticket: " + read.describe()});
        m_fact.early_data = facts::early_data_status::no_ticket;
        m_fact.detail = "the server sent no session ticket to resume";
        return finish(m_fact);
    }
    SSL_SESSION_up_ref(session);
    m_ticket.reset(session);
    m_fact.max_early_data = SSL_SESSION_get_max_early_data(session);
    if (m_fact.max_early_data == 0) {
        m_fact.early_data = facts::early_data_status::not_offered;
        m_fact.detail = "the session ticket allows no early data (max_early_data 0)";
        return finish(m_fact);
    }
    resume();
}

void ZeroRttProbe::resume() {
    auto self = shared_from_this();
    const std::string request = http_request();
    if (request.size() > m_fact.max_early_data)
        return finish(
            ProbeError{probe_error::client_unsupported, "the server accepts " + std::to_string(m_fact.max_early_data) +
                                                            " bytes of early data, fewer than an HTTP request (" +
                                                            std::to_string(request.size()) + ")"});
    SSL_SESSION* ticket = m_ticket.get();
    open(
        facts::tls_version::tls1_3, [ticket](SSL* ssl) { SSL_set_session(ssl, ticket); },
        [this, self, request] {
            m_connection->run(
                [request](SSL* ssl) {
                    size_t written = 0;
                    return SSL_write_early_data(ssl, request.data(), request.size(), &written);
                },
                [this, self](const CallEnd& sent) {
                    if (sent.error) return finish(*sent.error);
                    if (!sent.ok())
                        return finish(ProbeError{probe_error::tls_handshake_error,
                                                 "could not send early data: " + sent.describe()});
                    // The server must answer the early request before our Finished: a
                    // replayed ClientHello with its early data never gets one (RFC 8446 §8),
                    // and servers that answer 425 only while the handshake is incomplete
                    // (nginx's $ssl_early_data) would otherwise race with it.
                    m_connection->hold_output(true);
                    m_connection->run(SSL_do_handshake, [this, self](const CallEnd& end) {
                        if (end.error) return finish(*end.error);
                        if (!end.ok())
                            return finish(ProbeError{probe_error::tls_handshake_error,
                                                     "the resumption with early data failed: " + end.describe()});
                        SSL* ssl = m_connection->ssl();
                        m_fact.resumed = SSL_session_reused(ssl) == 1;
                        if (SSL_get_early_data_status(ssl) != SSL_EARLY_DATA_ACCEPTED) {
                            // RFC 8446 §4.2.10: rejected early data is discarded unread.
                            m_fact.early_data = facts::early_data_status::rejected;
                            m_fact.detail = m_fact.resumed
                                                ? "the server resumed the session and rejected the early data"
                                                : "the server did not resume the session; early data rejected";
                            return finish(m_fact);
                        }
                        m_fact.early_data = facts::early_data_status::accepted;
                        m_answer.clear();
                        read_answer([this] { return http::status_line_complete(m_answer); },
                                    [this, self](const CallEnd& read) {
                                        if (const auto line = http::parse_status_line(m_answer)) {
                                            m_fact.status = line->status;
                                            m_fact.status_line = line->text;
                                            m_fact.detail = "the server accepted the early data and answered";
                                        } else if (!m_answer.empty()) {
                                            m_fact.detail =
                                                "the server accepted the early data; its answer is not HTTP/1.x";
                                        } else {
                                            m_fact.detail =
                                                "the server accepted the early data; no answer: " + read.describe();
                                        }
                                        finish(m_fact);
                                    });
                    });
                });
        });
}

}  // namespace osescan::engine::tls
