#include "engine/tls/wire/registry.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace osescan::engine::tls::wire {
namespace {

// draft-hickman-netscape-ssl-00 appendix C; RC4_64 is Netscape's later addition that
// OpenSSL also knew (RC4-64-MD5).
constexpr std::array k_sslv2_kinds = std::to_array<SslV2CipherKind>({
    {0x010080, "SSL_CK_RC4_128_WITH_MD5", "RC4-MD5"},
    {0x020080, "SSL_CK_RC4_128_EXPORT40_WITH_MD5", "EXP-RC4-MD5"},
    {0x030080, "SSL_CK_RC2_128_CBC_WITH_MD5", "RC2-CBC-MD5"},
    {0x040080, "SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5", "EXP-RC2-CBC-MD5"},
    {0x050080, "SSL_CK_IDEA_128_CBC_WITH_MD5", "IDEA-CBC-MD5"},
    {0x060040, "SSL_CK_DES_64_CBC_WITH_MD5", "DES-CBC-MD5"},
    {0x0700C0, "SSL_CK_DES_192_EDE3_CBC_WITH_MD5", "DES-CBC3-MD5"},
    {0x080080, "SSL_CK_RC4_64_WITH_MD5", "RC4-64-MD5"},
});

// IANA "TLS Supported Groups" (RFC 8422 §5.1.1 legacy curves, RFC 7027 brainpool,
// RFC 8734 brainpool for TLS 1.3, RFC 9189 GOST, RFC 8998 SM2, RFC 7919 ffdhe,
// draft-connolly-tls-mlkem-key-agreement, draft-ietf-tls-ecdhe-mlkem, and the pre-standard
// Kyber code points browsers used: draft-tls-westerbaan-xyber768d00).
constexpr std::array k_groups = std::to_array<NamedGroupInfo>({
    {0x0001, "sect163k1"},       {0x0002, "sect163r1"},       {0x0003, "sect163r2"},
    {0x0004, "sect193r1"},       {0x0005, "sect193r2"},       {0x0006, "sect233k1"},
    {0x0007, "sect233r1"},       {0x0008, "sect239k1"},       {0x0009, "sect283k1"},
    {0x000A, "sect283r1"},       {0x000B, "sect409k1"},       {0x000C, "sect409r1"},
    {0x000D, "sect571k1"},       {0x000E, "sect571r1"},       {0x000F, "secp160k1"},
    {0x0010, "secp160r1"},       {0x0011, "secp160r2"},       {0x0012, "secp192k1"},
    {0x0013, "secp192r1"},       {0x0014, "secp224k1"},       {0x0015, "secp224r1"},
    {0x0016, "secp256k1"},       {0x0017, "secp256r1"},       {0x0018, "secp384r1"},
    {0x0019, "secp521r1"},       {0x001A, "brainpoolP256r1"}, {0x001B, "brainpoolP384r1"},
    {0x001C, "brainpoolP512r1"}, {0x001D, "x25519"},          {0x001E, "x448"},
    {0x001F, "brainpoolP256r1tls13"}, {0x0020, "brainpoolP384r1tls13"},
    {0x0021, "brainpoolP512r1tls13"}, {0x0022, "GC256A"},     {0x0023, "GC256B"},
    {0x0024, "GC256C"},          {0x0025, "GC256D"},          {0x0026, "GC512A"},
    {0x0027, "GC512B"},          {0x0028, "GC512C"},          {0x0029, "curveSM2"},
    {0x0100, "ffdhe2048"},       {0x0101, "ffdhe3072"},       {0x0102, "ffdhe4096"},
    {0x0103, "ffdhe6144"},       {0x0104, "ffdhe8192"},       {0x0200, "MLKEM512"},
    {0x0201, "MLKEM768"},        {0x0202, "MLKEM1024"},       {0x11EB, "SecP256r1MLKEM768"},
    {0x11EC, "X25519MLKEM768"},  {0x11ED, "SecP384r1MLKEM1024"},
    {0x6399, "X25519Kyber768Draft00"}, {0x639A, "SecP256r1Kyber768Draft00"},
    {0xFF01, "arbitrary_explicit_prime_curves"}, {0xFF02, "arbitrary_explicit_char2_curves"},
});

// IANA "TLS SignatureScheme" (RFC 8446 §4.2.3, RFC 8734, RFC 8998, RFC 9189); the DSA and
// SHA-224 values are TLS 1.2 HashAlgorithm/SignatureAlgorithm pairs (RFC 5246 §7.4.1.4.1)
// that TLS 1.3 reserves for backward compatibility; names as OpenSSL prints them.
constexpr std::array k_signature_schemes = std::to_array<SignatureSchemeInfo>({
    {0x0201, "rsa_pkcs1_sha1"},         {0x0202, "dsa_sha1"},
    {0x0203, "ecdsa_sha1"},             {0x0301, "rsa_pkcs1_sha224"},
    {0x0302, "dsa_sha224"},             {0x0303, "ecdsa_sha224"},
    {0x0401, "rsa_pkcs1_sha256"},       {0x0402, "dsa_sha256"},
    {0x0403, "ecdsa_secp256r1_sha256"}, {0x0501, "rsa_pkcs1_sha384"},
    {0x0502, "dsa_sha384"},             {0x0503, "ecdsa_secp384r1_sha384"},
    {0x0601, "rsa_pkcs1_sha512"},       {0x0602, "dsa_sha512"},
    {0x0603, "ecdsa_secp521r1_sha512"}, {0x0708, "sm2sig_sm3"},
    {0x0709, "gostr34102012_256a"},     {0x070A, "gostr34102012_256b"},
    {0x070B, "gostr34102012_256c"},     {0x070C, "gostr34102012_256d"},
    {0x070D, "gostr34102012_512a"},     {0x070E, "gostr34102012_512b"},
    {0x070F, "gostr34102012_512c"},     {0x0804, "rsa_pss_rsae_sha256"},
    {0x0805, "rsa_pss_rsae_sha384"},    {0x0806, "rsa_pss_rsae_sha512"},
    {0x0807, "ed25519"},                {0x0808, "ed448"},
    {0x0809, "rsa_pss_pss_sha256"},     {0x080A, "rsa_pss_pss_sha384"},
    {0x080B, "rsa_pss_pss_sha512"},     {0x081A, "ecdsa_brainpoolP256r1tls13_sha256"},
    {0x081B, "ecdsa_brainpoolP384r1tls13_sha384"}, {0x081C, "ecdsa_brainpoolP512r1tls13_sha512"},
    {0x0904, "mldsa44"},                {0x0905, "mldsa65"},
    {0x0906, "mldsa87"},
});

template <typename Table, typename Id>
const auto* find_by_id(const Table& table, Id id) {
    const auto it = std::lower_bound(table.begin(), table.end(), id,
                                     [](const auto& entry, Id wanted) { return entry.id < wanted; });
    return it != table.end() && it->id == id ? &*it : nullptr;
}

template <typename Table>
constexpr bool sorted_by_id(const Table& table) {
    return std::is_sorted(table.begin(), table.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
}
static_assert(sorted_by_id(k_sslv2_kinds) && sorted_by_id(k_groups) && sorted_by_id(k_signature_schemes));

std::string hex_id(uint32_t id, int digits) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%0*X", digits, id);
    return text;
}

}  // namespace

std::span<const SslV2CipherKind> sslv2_cipher_kinds() { return k_sslv2_kinds; }
std::span<const NamedGroupInfo> named_groups() { return k_groups; }
std::span<const SignatureSchemeInfo> signature_schemes() { return k_signature_schemes; }

std::string cipher_suite_name(uint16_t id) {
    const CipherSuiteInfo* info = find_cipher_suite(id);
    return info ? std::string(info->iana_name) : hex_id(id, 4);
}

std::string openssl_cipher_name(uint16_t id) {
    const CipherSuiteInfo* info = find_cipher_suite(id);
    return info ? std::string(info->openssl_name) : std::string();
}

std::string sslv2_cipher_name(uint32_t id) {
    const auto* info = find_by_id(k_sslv2_kinds, id);
    return info ? std::string(info->name) : hex_id(id, 6);
}

std::string group_name(uint16_t id) {
    const auto* info = find_by_id(k_groups, id);
    return info ? std::string(info->name) : hex_id(id, 4);
}

std::string signature_scheme_name(uint16_t id) {
    const auto* info = find_by_id(k_signature_schemes, id);
    return info ? std::string(info->name) : hex_id(id, 4);
}

std::optional<size_t> key_share_length(uint16_t group) {
    switch (group) {
    case 0x0017: return 65;    // secp256r1: uncompressed point (RFC 8446 §4.2.8.2)
    case 0x0018: return 97;    // secp384r1
    case 0x0019: return 133;   // secp521r1
    case 0x001D: return 32;    // x25519 (RFC 7748)
    case 0x001E: return 56;    // x448
    case 0x0100: return 256;   // ffdhe2048: the size of p (RFC 8446 §4.2.8.1)
    case 0x0101: return 384;
    case 0x0102: return 512;
    case 0x0103: return 768;
    case 0x0104: return 1024;
    case 0x0200: return 800;   // MLKEM512 encapsulation key (FIPS 203)
    case 0x0201: return 1184;  // MLKEM768
    case 0x0202: return 1568;  // MLKEM1024
    case 0x11EB: return 65 + 1184;   // SecP256r1MLKEM768: point || ek (draft-ietf-tls-ecdhe-mlkem §4.1)
    case 0x11EC: return 1184 + 32;   // X25519MLKEM768: ek || x25519 (ML-KEM first, §4.1)
    case 0x11ED: return 97 + 1568;   // SecP384r1MLKEM1024: point || ek
    case 0x6399: return 32 + 1184;   // X25519Kyber768Draft00: x25519 || Kyber768 key
    default: return std::nullopt;
    }
}

}  // namespace osescan::engine::tls::wire
