#include "engine/tls/ocsp_staple.hpp"

#include <openssl/err.h>

#include "engine/tls/ocsp_answer.hpp"
#include "engine/tls/openssl_handles.hpp"

namespace osescan::engine::tls {

facts::RevocationAnswer ocsp_staple(SSL* ssl, STACK_OF(X509) * chain, const TrustStore& trust,
                                    std::vector<facts::SignedTimestamp>& scts) {
    const unsigned char* der = nullptr;
    const long length = SSL_get_tlsext_status_ocsp_resp(ssl, &der);
    if (length <= 0 || der == nullptr) return {};
    X509* leaf = sk_X509_num(chain) > 0 ? sk_X509_value(chain, 0) : nullptr;
    X509Handle issuer = leaf ? trust.find_issuer(leaf, chain) : nullptr;
    const long bounded = length > k_max_staple_bytes ? k_max_staple_bytes + 1 : length;
    facts::RevocationAnswer answer = judge_ocsp_response(der, bounded, leaf, issuer.get(), chain, &scts);
    ERR_clear_error();
    return answer;
}

}  // namespace osescan::engine::tls
