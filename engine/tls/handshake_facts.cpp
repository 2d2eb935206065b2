#include "engine/tls/handshake_facts.hpp"

#include <openssl/ct.h>
#include <openssl/err.h>

#include "engine/tls/certificate_facts.hpp"
#include "engine/tls/group_names.hpp"
#include "engine/tls/ocsp_staple.hpp"
#include "engine/tls/openssl_handles.hpp"
#include "engine/tls/sct_list.hpp"

namespace osescan::engine::tls {
namespace {

// The served chain, leaf first, capped at k_max_chain_certificates (owned copy).
X509StackHandle kept_chain(SSL* ssl) {
    X509StackHandle kept(sk_X509_new_null());
    // On the client side the peer chain includes the leaf (SSL_get_peer_cert_chain(3)).
    STACK_OF(X509)* served = SSL_get_peer_cert_chain(ssl);
    if (!kept || served == nullptr) return kept;
    for (int i = 0; i < sk_X509_num(served) && i < k_max_chain_certificates; ++i) {
        X509* certificate = sk_X509_value(served, i);
        if (sk_X509_push(kept.get(), certificate) <= 0) break;
        X509_up_ref(certificate);
    }
    return kept;
}

std::string selected_alpn(SSL* ssl) {
    const unsigned char* protocol = nullptr;
    unsigned int length = 0;
    SSL_get0_alpn_selected(ssl, &protocol, &length);
    if (protocol == nullptr || length == 0) return "";
    // The server's choice must be one we offered (RFC 7301 section 3.2), and OpenSSL
    // checks that; keep it printable anyway.
    std::string out;
    for (unsigned int i = 0; i < length; ++i)
        out += (protocol[i] >= 0x20 && protocol[i] < 0x7f) ? static_cast<char>(protocol[i]) : '?';
    return out;
}

// RFC 6962 section 3.3.1: SCTs in the TLS extension. OpenSSL collects them (SSL_enable_ct,
// probe_ssl_setup.cpp); each is re-serialised and read by our own parser, like those in
// the certificate and the staple, so that all three sources are recorded alike.
std::vector<facts::SignedTimestamp> tls_extension_scts(SSL* ssl) {
    std::vector<facts::SignedTimestamp> out;
    const STACK_OF(SCT)* scts = SSL_get0_peer_scts(ssl);
    for (int i = 0; scts != nullptr && i < sk_SCT_num(scts) && out.size() < k_max_scts; ++i) {
        SCT* sct = sk_SCT_value(scts, i);
        if (SCT_get_source(sct) != SCT_SOURCE_TLS_EXTENSION) continue;
        unsigned char* der = nullptr;
        const int length = i2o_SCT(sct, &der);
        if (length > 0 && der != nullptr)
            if (auto parsed = parse_sct(der, static_cast<size_t>(length), "tls-extension")) out.push_back(*parsed);
        OPENSSL_free(der);
    }
    ERR_clear_error();
    return out;
}

}  // namespace

facts::TlsHandshake completed_handshake_facts(SSL* ssl, const std::string& sni, const TrustStore& trust) {
    facts::TlsHandshake out;
    out.accepted = true;
    out.version = SSL_get_version(ssl);
    const bool tls13 = SSL_version(ssl) >= TLS1_3_VERSION;
    if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl)) {
        const char* iana = SSL_CIPHER_standard_name(cipher);
        out.cipher = iana ? iana : SSL_CIPHER_get_name(cipher);
    }
    out.group = negotiated_group(ssl);
    out.alpn = selected_alpn(ssl);

    X509StackHandle chain = kept_chain(ssl);
    for (int i = 0; i < sk_X509_num(chain.get()); ++i)
        out.chain.push_back(certificate_facts(sk_X509_value(chain.get(), i)));

    const ChainVerdict verdict = trust.verify(chain.get());
    out.verify_ok = verdict.ok;
    out.verify_code = verdict.code;
    out.verify_message = verdict.message;
    out.name_matches = sk_X509_num(chain.get()) > 0 && leaf_matches_name(sk_X509_value(chain.get(), 0), sni);

    // Renegotiation does not exist in TLS 1.3 (RFC 8446 section 4.1.2), and its key
    // schedule always binds the handshake transcript (the aim of RFC 7627), so both
    // protections are inherent there; OpenSSL reports them only for TLS <= 1.2.
    out.secure_renegotiation = tls13 || SSL_get_secure_renegotiation_support(ssl) == 1;
    out.extended_master_secret = tls13 || SSL_get_extms_support(ssl) == 1;
    out.scts = tls_extension_scts(ssl);
    out.ocsp_staple = ocsp_staple(ssl, chain.get(), trust, out.scts);
    out.ocsp_status = out.ocsp_staple.status;
    ERR_clear_error();
    return out;
}

}  // namespace osescan::engine::tls
