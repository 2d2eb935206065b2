#include "engine/tls/ocsp_answer.hpp"

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/x509v3.h>

#include <ctime>

#include "engine/tls/openssl_handles.hpp"
#include "engine/tls/sct_list.hpp"

namespace osescan::engine::tls {
namespace {

namespace status = facts::revocation_status;

facts::RevocationAnswer invalid(const char* problem) {
    facts::RevocationAnswer answer;
    answer.status = status::invalid;
    answer.problem = problem;
    return answer;
}

// RFC 5280 section 5.3.1 names.
std::string reason_name(long reason) {
    if (reason < 0) return "";
    const char* name = OCSP_crl_reason_str(reason);
    return name ? name : "reason " + std::to_string(reason);
}

// RFC 6962 section 3.3: the SCT list in a SingleResponse's extension is an OCTET STRING
// holding the TLS-encoded SignedCertificateTimestampList.
void add_response_scts(OCSP_SINGLERESP* single, std::vector<facts::SignedTimestamp>& scts) {
    const int at = OCSP_SINGLERESP_get_ext_by_NID(single, NID_ct_cert_scts, -1);
    if (at < 0) return;
    X509_EXTENSION* extension = OCSP_SINGLERESP_get_ext(single, at);
    const ASN1_OCTET_STRING* value = extension ? X509_EXTENSION_get_data(extension) : nullptr;
    if (value == nullptr) return;
    const unsigned char* inner_der = ASN1_STRING_get0_data(value);
    ASN1_OCTET_STRING* inner = d2i_ASN1_OCTET_STRING(nullptr, &inner_der, ASN1_STRING_length(value));
    if (inner == nullptr) return;
    if (auto list =
            parse_sct_list(ASN1_STRING_get0_data(inner), static_cast<size_t>(ASN1_STRING_length(inner)), "ocsp"))
        scts.insert(scts.end(), list->begin(), list->end());
    ASN1_OCTET_STRING_free(inner);
}

bool current(const ASN1_TIME* this_update, const ASN1_TIME* next_update) {
    // thisUpdate must not be in the future; nextUpdate (when given) must not be past.
    if (this_update == nullptr || X509_cmp_time(this_update, nullptr) > 0) return false;
    return next_update == nullptr || X509_cmp_time(next_update, nullptr) > 0;
}

}  // namespace

int64_t asn1_unix_seconds(const ASN1_TIME* time) {
    std::tm parts{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1) return 0;
    return static_cast<int64_t>(timegm(&parts));
}

facts::RevocationAnswer judge_ocsp_response(const unsigned char* der, long length, X509* certificate, X509* issuer,
                                            STACK_OF(X509) * untrusted, std::vector<facts::SignedTimestamp>* scts) {
    if (length <= 0 || length > k_max_ocsp_response_bytes) return invalid("too-large");
    if (certificate == nullptr) return invalid("other-certificate");
    if (issuer == nullptr) return invalid("no-issuer");
    OcspResponseHandle response(d2i_OCSP_RESPONSE(nullptr, &der, length));
    if (!response) return invalid("malformed");
    // RFC 6960 section 4.2.1: only "successful" carries a response.
    if (OCSP_response_status(response.get()) != OCSP_RESPONSE_STATUS_SUCCESSFUL) return invalid("unsuccessful");
    OcspBasicHandle basic(OCSP_response_get1_basic(response.get()));
    if (!basic) return invalid("malformed");

    // The signer must be the issuer or a responder certified by it: trust exactly that
    // issuer (a partial chain ending at it is enough), whatever the system roots say;
    // whether the issuer itself is trusted is the job of the chain verification.
    X509StoreHandle issuer_store(X509_STORE_new());
    if (!issuer_store || X509_STORE_add_cert(issuer_store.get(), issuer) != 1) return invalid("no-issuer");
    X509_STORE_set_flags(issuer_store.get(), X509_V_FLAG_PARTIAL_CHAIN);
    if (OCSP_basic_verify(basic.get(), untrusted, issuer_store.get(), 0) != 1) return invalid("bad-signature");

    // RFC 6960 section 4.1.1 CertID: issuer name and key hashes and the serial.
    OcspCertIdHandle id(OCSP_cert_to_id(nullptr, certificate, issuer));
    const int index = id ? OCSP_resp_find(basic.get(), id.get(), -1) : -1;
    OCSP_SINGLERESP* single = index >= 0 ? OCSP_resp_get0(basic.get(), index) : nullptr;
    if (single == nullptr) return invalid("other-certificate");
    int reason = -1;
    ASN1_GENERALIZEDTIME* revoked_at = nullptr;
    ASN1_GENERALIZEDTIME* this_update = nullptr;
    ASN1_GENERALIZEDTIME* next_update = nullptr;
    const int cert_status = OCSP_single_get0_status(single, &reason, &revoked_at, &this_update, &next_update);

    facts::RevocationAnswer answer;
    answer.this_update = asn1_unix_seconds(this_update);
    answer.next_update = asn1_unix_seconds(next_update);
    // RFC 6960 section 4.2.2.1: a response outside thisUpdate..nextUpdate is not current.
    if (OCSP_check_validity(this_update, next_update, k_ocsp_validity_skew_seconds, -1) != 1) {
        ERR_clear_error();
        answer.status = status::invalid;
        answer.problem = "stale";
        return answer;
    }
    if (scts) add_response_scts(single, *scts);
    switch (cert_status) {
        case V_OCSP_CERTSTATUS_GOOD: answer.status = status::good; break;
        case V_OCSP_CERTSTATUS_REVOKED:
            answer.status = status::revoked;
            answer.reason = reason_name(reason);
            answer.revoked_at = asn1_unix_seconds(revoked_at);
            break;
        default: answer.status = status::unknown; break;
    }
    return answer;
}

facts::RevocationAnswer judge_crl(const unsigned char* der, long length, X509* certificate, X509* issuer) {
    if (length <= 0) return invalid("malformed");
    if (certificate == nullptr) return invalid("other-certificate");
    if (issuer == nullptr) return invalid("no-issuer");
    X509_CRL* parsed = d2i_X509_CRL(nullptr, &der, length);
    if (parsed == nullptr) return invalid("malformed");
    std::unique_ptr<X509_CRL, OpenSslDeleter<X509_CRL_free>> crl(parsed);
    // RFC 5280 section 6.3.3 (b), (f): the CRL's issuer is the certificate's issuer and
    // its signature verifies with the issuer's key (indirect CRLs are not supported).
    if (X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_issuer_name(certificate)) != 0 ||
        X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_subject_name(issuer)) != 0)
        return invalid("other-certificate");
    EVP_PKEY* key = X509_get0_pubkey(issuer);
    if (key == nullptr || X509_CRL_verify(crl.get(), key) != 1) return invalid("bad-signature");

    facts::RevocationAnswer answer;
    answer.this_update = asn1_unix_seconds(X509_CRL_get0_lastUpdate(crl.get()));
    answer.next_update = asn1_unix_seconds(X509_CRL_get0_nextUpdate(crl.get()));
    if (!current(X509_CRL_get0_lastUpdate(crl.get()), X509_CRL_get0_nextUpdate(crl.get()))) {
        answer.status = status::invalid;
        answer.problem = "stale";
        return answer;
    }
    X509_REVOKED* entry = nullptr;
    if (X509_CRL_get0_by_cert(crl.get(), &entry, certificate) == 1 && entry != nullptr) {
        answer.status = status::revoked;
        answer.revoked_at = asn1_unix_seconds(X509_REVOKED_get0_revocationDate(entry));
        int critical = 0;
        if (auto* code =
                static_cast<ASN1_ENUMERATED*>(X509_REVOKED_get_ext_d2i(entry, NID_crl_reason, &critical, nullptr))) {
            answer.reason = reason_name(ASN1_ENUMERATED_get(code));
            ASN1_ENUMERATED_free(code);
        }
        return answer;
    }
    answer.status = status::good;
    return answer;
}

}  // namespace osescan::engine::tls
