#include "engine/smtp/smtp_probe.hpp"

namespace osescan::engine::smtp {

SmtpProbe::SmtpProbe(EventLoop& loop, std::shared_ptr<const tls::ProbeContext> context, facts::SmtpRequest request,
                     std::string ehlo_name, std::chrono::milliseconds timeout, Done done)
    : m_loop(loop), m_context(std::move(context)), m_request(std::move(request)), m_ehlo_name(std::move(ehlo_name)),
      m_timeout(timeout), m_done(std::move(done)) {}

void SmtpProbe::start() {
    auto self = shared_from_this();
    m_preamble = std::make_shared<StarttlsPreamble>(m_loop, m_request.address, m_request.port, m_ehlo_name, m_timeout,
                                                    [self](PreambleResult result) {
                                                        self->m_preamble.reset();
                                                        self->on_preamble(std::move(result));
                                                    });
    m_preamble->start();
}

void SmtpProbe::cancel() {
    m_done = nullptr;
    if (m_preamble) m_preamble->cancel();
    m_preamble.reset();
    if (m_tls) m_tls->cancel();
    m_tls.reset();
}

void SmtpProbe::on_preamble(PreambleResult result) {
    if (!result.session.ok()) return finish(result.session.error());
    m_session = std::move(result.session.value());
    if (result.fd < 0) return finish(m_session);  // no STARTTLS, or refused: the preamble said QUIT
    start_tls(result.fd);
}

void SmtpProbe::start_tls(int fd) {
    facts::TlsRequest request;
    request.address = m_request.address;
    request.port = m_request.port;
    request.sni = m_request.host;
    auto self = shared_from_this();
    m_tls = std::make_shared<tls::HandshakeProbe>(m_loop, m_context, request, m_timeout,
                                                  [self](facts::Observed<facts::TlsHandshake> handshake) {
                                                      self->m_tls.reset();
                                                      if (!handshake.ok()) {
                                                          facts::ProbeError error = handshake.error();
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
    m_tls->start_on_socket(fd);  // the TLS probe owns the socket now
}

void SmtpProbe::finish(facts::Observed<facts::SmtpSession> result) {
    Done done = std::move(m_done);
    m_done = nullptr;
    if (done) done(std::move(result));
}

}  // namespace osescan::engine::smtp
