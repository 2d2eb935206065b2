#include "engine/nts/nts_exchange.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <cstring>
#include <stdexcept>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "engine/nts/blocking_socket.hpp"
#include "engine/nts/ntp_client.hpp"
#include "engine/nts/nts_ke_records.hpp"
#include "engine/tls/handshake_facts.hpp"

namespace osescan::engine::nts {

namespace {
// RFC 8915 §4: the ALPN protocol ID of NTS-KE, and §5.1: the exporter label.
constexpr unsigned char k_alpn[] = {7, 'n', 't', 's', 'k', 'e', '/', '1'};
constexpr const char* k_alpn_name = "ntske/1";
constexpr const char* k_exporter_label = "EXPORTER-network-time-security";
constexpr size_t k_read_chunk = 4096;

std::string openssl_reason() {
    const unsigned long error = ERR_peek_last_error();
    ERR_clear_error();
    if (error == 0) return "handshake failed";
    const char* reason = ERR_reason_error_string(error);
    return reason ? reason : "handshake failed (OpenSSL error " + std::to_string(ERR_GET_REASON(error)) + ")";
}

// Drives one SSL call on the non-blocking socket until it completes, fails or the deadline
// passes. Returns the call's result (> 0 done), 0 for a clean close, -1 error, -2 timeout.
template <class Call>
int drive(SSL* ssl, int fd, Deadline deadline, Call&& call) {
    while (true) {
        const int rc = call();
        if (rc > 0) return rc;
        const int error = SSL_get_error(ssl, rc);
        if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
            if (!wait_for(fd, error == SSL_ERROR_WANT_WRITE, deadline)) return -2;
            continue;
        }
        if (error == SSL_ERROR_ZERO_RETURN) return 0;
        return -1;
    }
}

// RFC 8915 §5.1: context = Protocol ID (NTPv4 = 0), AEAD ID (15), 0 for C2S / 1 for S2C.
bool export_key(SSL* ssl, uint8_t direction, std::vector<uint8_t>& key) {
    const unsigned char context[5] = {0, 0, 0, static_cast<unsigned char>(facts::k_aead_aes_siv_cmac_256), direction};
    key.assign(32, 0);
    return SSL_export_keying_material(ssl, key.data(), key.size(), k_exporter_label, std::strlen(k_exporter_label),
                                      context, sizeof context, 1) == 1;
}

// §4.1.7: the server may name another NTP server, by address or by name. A name is
// resolved with the system resolver (getaddrinfo), preferring the key exchange's family.
std::string ntp_address(const facts::NtsRequest& request, const std::string& server, std::string& problem) {
    if (server.empty()) return request.address;
    if (is_ip_literal(server)) return server;
    addrinfo hints{};
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_family = request.address.find(':') == std::string::npos ? AF_INET : AF_INET6;
    addrinfo* found = nullptr;
    if (getaddrinfo(server.c_str(), nullptr, &hints, &found) != 0 || !found) {
        problem = "the negotiated NTP server " + server + " does not resolve";
        return {};
    }
    char text[INET6_ADDRSTRLEN] = {};
    if (found->ai_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(found->ai_addr)->sin_addr, text, sizeof text);
    else inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(found->ai_addr)->sin6_addr, text, sizeof text);
    freeaddrinfo(found);
    return text;
}

// What the key exchange must have produced before an NTP request makes sense (§4.1).
std::string ke_unusable(const facts::NtsExchange& e) {
    if (!e.ke_completed) return "the key exchange did not complete";
    if (e.error_code >= 0) return "the server sent Error record " + std::to_string(e.error_code);
    if (!e.unknown_critical.empty()) return "the server sent an unknown critical record";
    if (e.next_protocols != std::vector<int>{facts::k_nts_protocol_ntpv4}) return "NTPv4 was not agreed";
    if (e.aead_algorithms != std::vector<int>{facts::k_aead_aes_siv_cmac_256})
        return "AEAD_AES_SIV_CMAC_256 was not agreed";
    if (e.cookies == 0) return "the server sent no cookie";
    if (e.ntp_port == 0) return "the server negotiated NTP port 0";
    return {};
}
}  // namespace

NtsContext make_nts_context(const std::string& ca_file) {
    tls::SslCtxHandle ctx(SSL_CTX_new(TLS_client_method()));
    if (!ctx) throw std::runtime_error("OpenSSL: cannot create the NTS-KE context");
    // RFC 8915 §3: TLS 1.3 or later only; ALPN "ntske/1" (§4).
    if (SSL_CTX_set_min_proto_version(ctx.get(), TLS1_3_VERSION) != 1 ||
        SSL_CTX_set_max_proto_version(ctx.get(), TLS1_3_VERSION) != 1 ||
        SSL_CTX_set_alpn_protos(ctx.get(), k_alpn, sizeof k_alpn) != 0)
        throw std::runtime_error("OpenSSL: cannot configure TLS 1.3 with ALPN ntske/1");
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
    return NtsContext{std::move(ctx), tls::TrustStore(ca_file)};
}

facts::Observed<facts::NtsExchange> nts_exchange(const NtsContext& context, const facts::NtsRequest& request,
                                                 std::chrono::milliseconds timeout) {
    const Deadline deadline = std::chrono::steady_clock::now() + timeout;
    Socket socket;
    const auto connected = connect_to(request.address, request.port, false, deadline, socket);
    if (!connected.ok()) return connected.error();

    tls::SslHandle ssl(SSL_new(context.ssl_ctx.get()));
    if (!ssl) return facts::ProbeError{facts::probe_error::internal, "OpenSSL: SSL_new failed"};
    if (!request.host.empty() && !is_ip_literal(request.host))
        SSL_set_tlsext_host_name(ssl.get(), request.host.c_str());
    SSL_set_fd(ssl.get(), socket.fd());

    facts::NtsExchange out;
    ERR_clear_error();
    const int handshake = drive(ssl.get(), socket.fd(), deadline, [&] { return SSL_connect(ssl.get()); });
    if (handshake == -2)
        return facts::ProbeError{facts::probe_error::timeout,
                                 "NTS-KE: the TLS handshake did not finish within the timeout"};
    if (handshake <= 0) {
        out.tls.accepted = false;
        out.tls.failure = openssl_reason();
        out.ke_failure = "TLS 1.3 handshake failed: " + out.tls.failure;
        return out;
    }
    out.tls = tls::completed_handshake_facts(ssl.get(), request.host, context.trust);
    if (out.tls.alpn != k_alpn_name) {
        // §4: the server MUST select ntske/1; without it the exchange is not NTS-KE.
        out.ke_failure = "the server did not select ALPN ntske/1";
        return out;
    }

    const std::vector<uint8_t> message = ke_request();
    const int written = drive(ssl.get(), socket.fd(), deadline,
                              [&] { return SSL_write(ssl.get(), message.data(), static_cast<int>(message.size())); });
    if (written <= 0) {
        out.ke_failure = written == -2 ? "NTS-KE request not accepted within the timeout"
                                       : "NTS-KE request not sent: " + openssl_reason();
        return out;
    }

    std::vector<uint8_t> received;
    KeResponse response;
    std::string problem;
    KeParse state = KeParse::need_more;
    uint8_t chunk[k_read_chunk];
    while (state == KeParse::need_more) {
        const int n = drive(ssl.get(), socket.fd(), deadline, [&] { return SSL_read(ssl.get(), chunk, sizeof chunk); });
        if (n == -2)
            return facts::ProbeError{facts::probe_error::timeout, "NTS-KE: no End of Message within the timeout"};
        if (n <= 0) {
            problem = "the server closed the connection before End of Message";
            break;
        }
        received.insert(received.end(), chunk, chunk + n);
        if (received.size() > k_max_ke_response_bytes) {
            problem = "response larger than " + std::to_string(k_max_ke_response_bytes) + " bytes";
            break;
        }
        state = parse_ke_response(received.data(), received.size(), response, problem);
    }
    if (state == KeParse::need_more) parse_ke_response(received.data(), received.size(), response, problem);
    const facts::TlsHandshake tls = std::move(out.tls);
    out = response.summary;
    out.tls = tls;
    out.ke_completed = state == KeParse::complete;
    if (!out.ke_completed) out.ke_failure = problem;

    NtsSecrets secrets;
    const bool keys = export_key(ssl.get(), 0, secrets.c2s_key) && export_key(ssl.get(), 1, secrets.s2c_key);
    if (SSL_shutdown(ssl.get()) < 0) ERR_clear_error();
    socket = Socket();

    out.ntp = facts::NtpExchange{};
    std::string why = ke_unusable(out);
    if (why.empty() && !keys) why = "the TLS exporter gave no keys";
    if (why.empty() && response.cookies.empty()) why = "no cookie of a usable size";
    std::string address;
    if (why.empty()) address = ntp_address(request, out.ntp_server, why);
    if (!why.empty()) {
        out.ntp.outcome = facts::ntp_outcome::not_attempted;
        out.ntp.detail = why;
        return out;
    }
    secrets.cookie = response.cookies.front();
    const uint16_t port = out.ntp_port > 0 ? static_cast<uint16_t>(out.ntp_port) : facts::k_ntp_port;
    auto ntp = ntp_query(address, port, &secrets, timeout);
    if (ntp.ok()) {
        out.ntp = ntp.value();
    } else if (ntp.error().kind == facts::probe_error::internal) {
        return ntp.error();  // our failure, not the server's: could not tell
    } else {
        out.ntp.outcome = facts::ntp_outcome::no_answer;
        out.ntp.address = address;
        out.ntp.port = port;
        out.ntp.detail = ntp.error().detail;
    }
    return out;
}

}  // namespace osescan::engine::nts
