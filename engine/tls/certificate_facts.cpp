#include "engine/tls/certificate_facts.hpp"

#include <arpa/inet.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <cstdio>
#include <ctime>

#include "engine/tls/group_names.hpp"
#include "engine/tls/openssl_handles.hpp"
#include "engine/tls/sct_list.hpp"

namespace osescan::engine::tls {
namespace {

// Printable ASCII kept, everything else as \xHH; cut at `limit` input bytes.
std::string printable(const unsigned char* data, size_t length, size_t limit = k_max_name_bytes) {
    std::string out;
    const size_t kept = length < limit ? length : limit;
    out.reserve(kept);
    for (size_t i = 0; i < kept; ++i) {
        const unsigned char c = data[i];
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out += static_cast<char>(c);
        } else {
            char escaped[5];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
            out += escaped;
        }
    }
    return out;
}

std::string hex(const unsigned char* data, size_t length) {
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (size_t i = 0; i < length; ++i) {
        out += k_digits[data[i] >> 4];
        out += k_digits[data[i] & 0x0f];
    }
    return out;
}

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    if (length <= 0 || data == nullptr) return "";
    return std::string(data, static_cast<size_t>(length));
}

// RFC 2253 one-line form; XN_FLAG_RFC2253 escapes control and non-ASCII bytes.
std::string rfc2253(const X509_NAME* name) {
    BioHandle bio(BIO_new(BIO_s_mem()));
    if (!bio || name == nullptr) return "";
    if (X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return "";
    const std::string text = bio_text(bio.get());
    return printable(reinterpret_cast<const unsigned char*>(text.data()), text.size());
}

std::string serial_hex(const X509* certificate) {
    const ASN1_INTEGER* serial = X509_get0_serialNumber(certificate);
    BIGNUM* number = serial ? ASN1_INTEGER_to_BN(serial, nullptr) : nullptr;
    if (number == nullptr) return "";
    std::string out;
    if (char* text = BN_bn2hex(number)) {
        for (const char* c = text; *c; ++c) out += static_cast<char>(std::tolower(static_cast<unsigned char>(*c)));
        OPENSSL_free(text);
    }
    BN_free(number);
    return out;
}

int64_t unix_seconds(const ASN1_TIME* time) {
    std::tm parts{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1) return 0;
    return static_cast<int64_t>(timegm(&parts));
}

void add_subject_alt_names(X509* certificate, facts::Certificate& out) {
    GeneralNamesHandle names(
        static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr)));
    if (!names) return;
    for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
        const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
        if (name->type == GEN_DNS && out.san_dns.size() < k_max_san_entries) {
            const ASN1_IA5STRING* dns = name->d.dNSName;
            out.san_dns.push_back(printable(ASN1_STRING_get0_data(dns), static_cast<size_t>(ASN1_STRING_length(dns))));
        } else if (name->type == GEN_IPADD && out.san_ip.size() < k_max_san_entries) {
            const ASN1_OCTET_STRING* ip = name->d.iPAddress;
            const int length = ASN1_STRING_length(ip);
            char text[INET6_ADDRSTRLEN] = {};
            // RFC 5280 section 4.2.1.6: 4 octets for IPv4, 16 for IPv6.
            if (length == 4 && inet_ntop(AF_INET, ASN1_STRING_get0_data(ip), text, sizeof text))
                out.san_ip.emplace_back(text);
            else if (length == 16 && inet_ntop(AF_INET6, ASN1_STRING_get0_data(ip), text, sizeof text))
                out.san_ip.emplace_back(text);
            else
                out.san_ip.push_back("invalid:" + hex(ASN1_STRING_get0_data(ip), static_cast<size_t>(length > 32 ? 32 : length)));
        }
    }
}

void add_public_key(X509* certificate, facts::Certificate& out) {
    EVP_PKEY* key = X509_get0_pubkey(certificate);
    if (key == nullptr) {
        out.key_type = "unknown";
        return;
    }
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS: out.key_type = "RSA"; break;
    case EVP_PKEY_EC: out.key_type = "EC"; break;
    case EVP_PKEY_ED25519: out.key_type = "Ed25519"; break;
    case EVP_PKEY_ED448: out.key_type = "Ed448"; break;
    case EVP_PKEY_DSA: out.key_type = "DSA"; break;
    default: {
        const char* name = EVP_PKEY_get0_type_name(key);
        out.key_type = name ? name : "unknown";
    }
    }
    out.key_bits = EVP_PKEY_get_bits(key);
    if (out.key_type == "EC") {
        char name[80] = {};
        size_t length = 0;
        if (EVP_PKEY_get_group_name(key, name, sizeof name, &length) == 1)
            out.curve = curve_display_name(std::string(name, length));
    }
}

void add_signature(const X509* certificate, facts::Certificate& out) {
    const int signature_nid = X509_get_signature_nid(certificate);
    const char* long_name = signature_nid != NID_undef ? OBJ_nid2ln(signature_nid) : nullptr;
    out.signature_algorithm = long_name ? long_name : "unknown";
    int digest_nid = NID_undef;
    if (X509_get_signature_info(const_cast<X509*>(certificate), &digest_nid, nullptr, nullptr, nullptr) == 1 &&
        digest_nid != NID_undef) {
        const char* short_name = OBJ_nid2sn(digest_nid);  // "SHA256", "SHA1", "MD5"
        out.signature_hash = short_name ? short_name : "";
    }
}

std::string fingerprint(const X509* certificate, const EVP_MD* type) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (X509_digest(certificate, type, digest, &length) != 1) return "";
    return hex(digest, length);
}

// RFC 6698 §2.1.2 selector SPKI(1): the DER of the SubjectPublicKeyInfo as it stands in
// the certificate (re-encoded by OpenSSL, which keeps the received encoding), its SHA-256
// and SHA-512 (§2.1.3 matching types 1 and 2), and the DER itself for Full(0).
void add_spki(X509* certificate, facts::Certificate& out) {
    X509_PUBKEY* key = X509_get_X509_PUBKEY(certificate);
    unsigned char* der = nullptr;
    const int length = key ? i2d_X509_PUBKEY(key, &der) : -1;
    if (length <= 0 || der == nullptr) return;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_length = 0;
    if (EVP_Digest(der, static_cast<size_t>(length), digest, &digest_length, EVP_sha256(), nullptr) == 1)
        out.spki_sha256 = hex(digest, digest_length);
    if (EVP_Digest(der, static_cast<size_t>(length), digest, &digest_length, EVP_sha512(), nullptr) == 1)
        out.spki_sha512 = hex(digest, digest_length);
    if (static_cast<size_t>(length) <= k_max_spki_bytes) out.spki = hex(der, static_cast<size_t>(length));
    OPENSSL_free(der);
}

std::string pem(X509* certificate) {
    BioHandle bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), certificate) != 1) return "";
    std::string text = bio_text(bio.get());
    return text.size() <= k_max_pem_bytes ? text : "";
}

std::string uri_text(const GENERAL_NAME* name) {
    if (name == nullptr || name->type != GEN_URI) return "";
    const ASN1_IA5STRING* uri = name->d.uniformResourceIdentifier;
    return printable(ASN1_STRING_get0_data(uri), static_cast<size_t>(ASN1_STRING_length(uri)), k_max_url_bytes);
}

// RFC 5280 section 4.2.2.1: accessMethod id-ad-ocsp with a URI accessLocation.
void add_ocsp_urls(X509* certificate, facts::Certificate& out) {
    auto* access = static_cast<AUTHORITY_INFO_ACCESS*>(X509_get_ext_d2i(certificate, NID_info_access, nullptr, nullptr));
    if (access == nullptr) return;
    for (int i = 0; i < sk_ACCESS_DESCRIPTION_num(access) && out.ocsp_urls.size() < k_max_urls; ++i) {
        const ACCESS_DESCRIPTION* description = sk_ACCESS_DESCRIPTION_value(access, i);
        if (OBJ_obj2nid(description->method) != NID_ad_OCSP) continue;
        std::string uri = uri_text(description->location);
        if (!uri.empty()) out.ocsp_urls.push_back(std::move(uri));
    }
    AUTHORITY_INFO_ACCESS_free(access);
}

// RFC 5280 section 4.2.1.13: fullName URIs of each distribution point.
void add_crl_urls(X509* certificate, facts::Certificate& out) {
    auto* points = static_cast<CRL_DIST_POINTS*>(X509_get_ext_d2i(certificate, NID_crl_distribution_points, nullptr, nullptr));
    if (points == nullptr) return;
    for (int i = 0; i < sk_DIST_POINT_num(points); ++i) {
        const DIST_POINT* point = sk_DIST_POINT_value(points, i);
        if (point->distpoint == nullptr || point->distpoint->type != 0) continue;  // 0 = fullName
        const GENERAL_NAMES* names = point->distpoint->name.fullname;
        for (int j = 0; j < sk_GENERAL_NAME_num(names) && out.crl_urls.size() < k_max_urls; ++j) {
            std::string uri = uri_text(sk_GENERAL_NAME_value(names, j));
            if (!uri.empty()) out.crl_urls.push_back(std::move(uri));
        }
    }
    CRL_DIST_POINTS_free(points);
}

// RFC 6962 section 3.3: extension 1.3.6.1.4.1.11129.2.4.2 is an OCTET STRING whose
// contents are the TLS-encoded SignedCertificateTimestampList.
void add_embedded_scts(X509* certificate, facts::Certificate& out) {
    const int at = X509_get_ext_by_NID(certificate, NID_ct_precert_scts, -1);
    if (at < 0) return;
    const ASN1_OCTET_STRING* value = X509_EXTENSION_get_data(X509_get_ext(certificate, at));
    if (value == nullptr) return;
    const unsigned char* inner_der = ASN1_STRING_get0_data(value);
    ASN1_OCTET_STRING* inner = d2i_ASN1_OCTET_STRING(nullptr, &inner_der, ASN1_STRING_length(value));
    if (inner == nullptr) return;
    if (auto list = parse_sct_list(ASN1_STRING_get0_data(inner), static_cast<size_t>(ASN1_STRING_length(inner)),
                                   "certificate"))
        out.scts = std::move(*list);
    ASN1_OCTET_STRING_free(inner);
}

}  // namespace

facts::Certificate certificate_facts(X509* certificate) {
    facts::Certificate out;
    out.subject = rfc2253(X509_get_subject_name(certificate));
    out.issuer = rfc2253(X509_get_issuer_name(certificate));
    out.serial = serial_hex(certificate);
    out.not_before = unix_seconds(X509_get0_notBefore(certificate));
    out.not_after = unix_seconds(X509_get0_notAfter(certificate));
    add_subject_alt_names(certificate, out);
    add_public_key(certificate, out);
    add_signature(certificate, out);
    // X509_get_extension_flags caches the parsed extensions; EXFLAG_CA is basicConstraints
    // cA=TRUE (RFC 5280 section 4.2.1.9).
    out.is_ca = (X509_get_extension_flags(certificate) & EXFLAG_CA) != 0;
    out.self_signed = X509_self_signed(certificate, 1) == 1;
    out.sha256 = fingerprint(certificate, EVP_sha256());
    out.sha512 = fingerprint(certificate, EVP_sha512());
    add_spki(certificate, out);
    out.pem = pem(certificate);
    add_ocsp_urls(certificate, out);
    add_crl_urls(certificate, out);
    add_embedded_scts(certificate, out);
    ERR_clear_error();
    return out;
}

}  // namespace osescan::engine::tls
