#include "engine/tls/probe_ssl_setup.hpp"

#include <openssl/ct.h>
#include <openssl/err.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace osescan::engine::tls {
namespace {

std::string openssl_reason() {
    const unsigned long error = ERR_peek_last_error();
    ERR_clear_error();
    if (error == 0) return "unknown error";
    const char* reason = ERR_reason_error_string(error);
    return reason ? reason : "unknown error";
}

facts::ProbeError unsupported(const std::string& detail) {
    return facts::ProbeError{facts::probe_error::client_unsupported, detail};
}

// The protocol version for `name` (facts::tls_version), 0 for "" (negotiate the best).
std::optional<int> version_number(const std::string& name) {
    if (name.empty()) return 0;
    if (name == facts::tls_version::tls1_0) return TLS1_VERSION;
    if (name == facts::tls_version::tls1_1) return TLS1_1_VERSION;
    if (name == facts::tls_version::tls1_2) return TLS1_2_VERSION;
    if (name == facts::tls_version::tls1_3) return TLS1_3_VERSION;
#ifndef OPENSSL_NO_SSL3_METHOD
    if (name == facts::tls_version::ssl3) return SSL3_VERSION;
#endif
    return std::nullopt;
}

std::optional<facts::ProbeError> apply_version(SSL* ssl, const std::string& name) {
    const std::optional<int> version = version_number(name);
    if (!version) {
        if (name == facts::tls_version::ssl3)
            return unsupported("this OpenSSL build (" + std::string(OpenSSL_version(OPENSSL_VERSION)) +
                               ") cannot send SSLv3: it was built without SSLv3 support (no-ssl3)");
        return unsupported("unknown TLS version '" + name + "'");
    }
    // "" allows TLS 1.0 to 1.3 and lets the server pick; an exact version is min = max.
    const int min_version = *version == 0 ? TLS1_VERSION : *version;
    const int max_version = *version == 0 ? TLS1_3_VERSION : *version;
    if (SSL_set_min_proto_version(ssl, min_version) != 1 || SSL_set_max_proto_version(ssl, max_version) != 1)
        return unsupported("this OpenSSL cannot use " + name + ": " + openssl_reason());
    return std::nullopt;
}

// ALPN wire format (RFC 7301 section 3.1): each name as one length byte + 1..255 bytes.
std::optional<std::vector<unsigned char>> alpn_wire(const std::vector<std::string>& protocols) {
    std::vector<unsigned char> wire;
    for (const std::string& protocol : protocols) {
        if (protocol.empty() || protocol.size() > 255) return std::nullopt;
        wire.push_back(static_cast<unsigned char>(protocol.size()));
        wire.insert(wire.end(), protocol.begin(), protocol.end());
    }
    return wire;
}

}  // namespace

SslCtxHandle make_probe_context() {
    SslCtxHandle context(SSL_CTX_new(TLS_client_method()));
    if (!context) throw std::runtime_error("cannot create the TLS client context: " + openssl_reason());
    SSL_CTX* ctx = context.get();
    SSL_CTX_set_security_level(ctx, 0);
    // Replace whatever Options the system configuration set by an explicit set.
    SSL_CTX_clear_options(ctx, static_cast<uint64_t>(-1));
    SSL_CTX_set_options(ctx, SSL_OP_LEGACY_SERVER_CONNECT   // see servers without RFC 5746
                                 | SSL_OP_NO_COMPRESSION    // CRIME; never offered by browsers
                                 | SSL_OP_NO_TICKET         // one handshake per connection
                                 | SSL_OP_ENABLE_MIDDLEBOX_COMPAT);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);  // verified afterwards, as a fact
    SSL_CTX_set_max_cert_list(ctx, k_max_certificate_list_bytes);
    if (SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION) != 1 ||
        SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) != 1 ||
        SSL_CTX_set_cipher_list(ctx, k_all_tls12_ciphers) != 1 ||
        SSL_CTX_set_ciphersuites(ctx, k_all_tls13_ciphersuites) != 1 ||
        SSL_CTX_set1_groups_list(ctx, k_default_groups) != 1 ||
        SSL_CTX_set1_sigalgs_list(ctx, k_signature_algorithms) != 1)
        throw std::runtime_error("cannot configure the TLS client context: " + openssl_reason());
    return context;
}

std::optional<facts::ProbeError> apply_request(SSL* ssl, const facts::TlsRequest& request) {
    if (auto error = apply_version(ssl, request.version)) return error;
    const std::string ciphers = request.ciphers.empty() ? k_all_tls12_ciphers : request.ciphers;
    if (SSL_set_cipher_list(ssl, ciphers.c_str()) != 1)
        return unsupported("this OpenSSL has no cipher matching '" + request.ciphers + "': " + openssl_reason());
    // A cipher string may carry its own "@SECLEVEL=n"; probing needs level 0 regardless.
    SSL_set_security_level(ssl, 0);
    const std::string suites = request.ciphersuites.empty() ? k_all_tls13_ciphersuites : request.ciphersuites;
    if (SSL_set_ciphersuites(ssl, suites.c_str()) != 1)
        return unsupported("this OpenSSL cannot offer TLS 1.3 suites '" + request.ciphersuites +
                           "': " + openssl_reason());
    const std::string groups = request.groups.empty() ? k_default_groups : request.groups;
    if (SSL_set1_groups_list(ssl, groups.c_str()) != 1)
        return unsupported("this OpenSSL cannot offer groups '" + request.groups + "': " + openssl_reason());
    if (!request.alpn.empty()) {
        const auto wire = alpn_wire(request.alpn);
        // SSL_set_alpn_protos returns 0 on success.
        if (!wire || SSL_set_alpn_protos(ssl, wire->data(), static_cast<unsigned int>(wire->size())) != 0)
            return unsupported("invalid ALPN protocol list");
    }
    if (!request.sni.empty() && SSL_set_tlsext_host_name(ssl, request.sni.c_str()) != 1)
        return unsupported("cannot send SNI '" + request.sni + "': " + openssl_reason());
    // Ask for a stapled OCSP response (RFC 6066 section 8).
    SSL_set_tlsext_status_type(ssl, TLSEXT_STATUSTYPE_ocsp);
    // Ask for SCTs in the signed_certificate_timestamp extension (RFC 6962 section 3.3.1)
    // and keep them for SSL_get0_peer_scts. Permissive: the handshake never fails over
    // them (the peer is not verified during the handshake anyway: SSL_VERIFY_NONE);
    // tls.certificate.transparency reports them.
    if (SSL_enable_ct(ssl, SSL_CT_VALIDATION_PERMISSIVE) != 1) ERR_clear_error();
    return std::nullopt;
}

}  // namespace osescan::engine::tls
