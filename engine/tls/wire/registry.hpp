#pragma once
// The IANA "TLS Parameters" tables the wire layer needs, as constant data: cipher suites
// (https://www.iana.org/assignments/tls-parameters, "TLS Cipher Suites"), SSLv2 cipher
// kinds (draft-hickman-netscape-ssl-00, appendix C), supported groups ("TLS Supported
// Groups", RFC 8422, RFC 7919, RFC 8446 §4.2.7, draft-ietf-tls-ecdhe-mlkem) and signature
// schemes (RFC 8446 §4.2.3, RFC 5246 §7.4.1.4.1 for the legacy hash/signature pairs).
//
// Additions to the agreed API: cipher_suites()/sslv2_cipher_kinds()/named_groups()/
// signature_schemes() (iterate the tables), find_cipher_suite(), openssl_cipher_name(),
// sslv2_cipher_name(), key_share_length(), and the k_* constants below.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace osescan::engine::tls::wire {

// Protocol versions as they appear on the wire (RFC 8446 §4.2.1; SSLv2 is 0x0002).
inline constexpr uint16_t k_ssl2 = 0x0002;
inline constexpr uint16_t k_ssl3 = 0x0300;
inline constexpr uint16_t k_tls10 = 0x0301;
inline constexpr uint16_t k_tls11 = 0x0302;
inline constexpr uint16_t k_tls12 = 0x0303;
inline constexpr uint16_t k_tls13 = 0x0304;

// Signalling suites (not real suites; callers list them in ClientHelloSpec::cipher_suites).
inline constexpr uint16_t k_empty_renegotiation_info_scsv = 0x00FF;  // RFC 5746 §3.3
inline constexpr uint16_t k_fallback_scsv = 0x5600;                  // RFC 7507 §6

struct CipherSuiteInfo {
    uint16_t id;
    std::string_view iana_name;
    std::string_view openssl_name;  // "" when OpenSSL never had the suite
    bool tls13;                     // a TLS 1.3 suite (no key exchange/authentication in the name)
};

struct SslV2CipherKind {
    uint32_t id;  // 3 bytes on the wire
    std::string_view name;
    std::string_view openssl_name;
};

struct NamedGroupInfo {
    uint16_t id;
    std::string_view name;
};

struct SignatureSchemeInfo {
    uint16_t id;
    std::string_view name;
};

// Whole tables, sorted by id.
std::span<const CipherSuiteInfo> cipher_suites();
std::span<const SslV2CipherKind> sslv2_cipher_kinds();
std::span<const NamedGroupInfo> named_groups();
std::span<const SignatureSchemeInfo> signature_schemes();

const CipherSuiteInfo* find_cipher_suite(uint16_t id);  // nullptr when unassigned/unknown

// Names; an unknown id prints as "0xXXXX" (SSLv2: "0xXXXXXX") so evidence is never empty.
std::string cipher_suite_name(uint16_t id);
std::string openssl_cipher_name(uint16_t id);  // "" when OpenSSL has no name for it
std::string sslv2_cipher_name(uint32_t id);
std::string group_name(uint16_t id);
std::string signature_scheme_name(uint16_t id);

// Bytes of a ClientHello key_share for `group` (RFC 8446 §4.2.8.2, RFC 7919 §3,
// draft-ietf-tls-ecdhe-mlkem §4), or nullopt for a group we cannot make a share for.
std::optional<size_t> key_share_length(uint16_t group);

}  // namespace osescan::engine::tls::wire
