#include "engine/tls/ocsp_staple.hpp"

#include <openssl/err.h>
#include <openssl/ocsp.h>

#include "engine/tls/openssl_handles.hpp"

namespace osescan::engine::tls {
namespace {

// Clock skew tolerated on thisUpdate/nextUpdate, as `openssl ocsp` does by default.
constexpr long k_validity_skew_seconds = 300;

std::string classify(const unsigned char* der, long length, STACK_OF(X509) * chain, const TrustStore& trust) {
    if (length > k_max_staple_bytes) return "invalid";
    OcspResponseHandle response(d2i_OCSP_RESPONSE(nullptr, &der, length));
    if (!response || OCSP_response_status(response.get()) != OCSP_RESPONSE_STATUS_SUCCESSFUL) return "invalid";
    OcspBasicHandle basic(OCSP_response_get1_basic(response.get()));
    if (!basic || sk_X509_num(chain) == 0) return "invalid";

    X509* leaf = sk_X509_value(chain, 0);
    X509Handle issuer = trust.find_issuer(leaf, chain);
    if (!issuer) return "invalid";

    // The signer must be the leaf's issuer or a responder certified by it: trust exactly
    // that issuer (a partial chain ending at it is enough), whatever the system roots say;
    // whether the issuer itself is trusted is the job of the chain verification.
    X509StoreHandle issuer_store(X509_STORE_new());
    if (!issuer_store || X509_STORE_add_cert(issuer_store.get(), issuer.get()) != 1) return "invalid";
    X509_STORE_set_flags(issuer_store.get(), X509_V_FLAG_PARTIAL_CHAIN);
    if (OCSP_basic_verify(basic.get(), chain, issuer_store.get(), 0) != 1) return "invalid";

    OcspCertIdHandle id(OCSP_cert_to_id(nullptr, leaf, issuer.get()));
    int status = -1;
    int reason = 0;
    ASN1_GENERALIZEDTIME* revoked_at = nullptr;
    ASN1_GENERALIZEDTIME* this_update = nullptr;
    ASN1_GENERALIZEDTIME* next_update = nullptr;
    if (!id || OCSP_resp_find_status(basic.get(), id.get(), &status, &reason, &revoked_at, &this_update,
                                     &next_update) != 1)
        return "invalid";  // a staple about some other certificate
    // RFC 6960 section 4.2.2.1: a response outside thisUpdate..nextUpdate is not current.
    if (OCSP_check_validity(this_update, next_update, k_validity_skew_seconds, -1) != 1) return "invalid";
    switch (status) {
    case V_OCSP_CERTSTATUS_GOOD: return "good";
    case V_OCSP_CERTSTATUS_REVOKED: return "revoked";
    default: return "unknown";
    }
}

}  // namespace

std::string ocsp_staple_status(SSL* ssl, STACK_OF(X509) * chain, const TrustStore& trust) {
    const unsigned char* der = nullptr;
    const long length = SSL_get_tlsext_status_ocsp_resp(ssl, &der);
    if (length <= 0 || der == nullptr) return "";
    std::string status = classify(der, length, chain, trust);
    ERR_clear_error();
    return status;
}

}  // namespace osescan::engine::tls
