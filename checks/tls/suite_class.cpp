#include "checks/tls/suite_class.hpp"

#include <array>

namespace osescan::checks::tls {

namespace {

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }
bool ends_with(std::string_view text, std::string_view tail) {
    return text.size() >= tail.size() && text.substr(text.size() - tail.size()) == tail;
}

// NCSC-NL TLS guidelines 2025-05, appendix B (derived from its sections 3.3.3 and 3.3.4), as
// internet.nl implements it (checks/tasks/tls/tls_constants.py after "Update sslyze branch
// to NCSC 2025", internetstandards/Internet.nl#1800). Differences from checks.md:
//  - TLS 1.3 TLS_AES_128_GCM_SHA256 is *sufficient*, not good (both pass tls.ciphers);
//  - every TLS 1.2 suite is at best *sufficient* (TLS 1.2 itself is sufficient), so ECDHE
//    with AES-GCM or CHACHA20 is sufficient, not good (both pass);
//  - ECDHE with AES-CCM (not CCM_8) is sufficient in TLS 1.2 too;
//  - only DHE_RSA counts as phase-out: DHE_DSS (DSA authentication) is insufficient;
//  - CAMELLIA and ARIA are phase-out only with ECDHE/DHE_RSA and GCM or a SHA-256/384 MAC;
//    with a SHA-1 MAC or RSA key exchange they are insufficient like any CBC-SHA suite.
constexpr std::array<std::string_view, 2> k_good{
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
};

constexpr std::array<std::string_view, 12> k_sufficient{
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_128_CCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CCM",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CCM",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    // Not registered by IANA, listed for completeness as internet.nl does.
    "TLS_ECDHE_RSA_WITH_AES_256_CCM",
    "TLS_ECDHE_RSA_WITH_AES_128_CCM",
};

constexpr std::array<std::string_view, 35> k_phase_out{
    "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256",
    "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_ARIA_256_CBC_SHA384",
    "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_ARIA_128_CBC_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
    "TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384",
    "TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256",
    "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_ARIA_256_CBC_SHA384",
    "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_ARIA_128_CBC_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_DHE_RSA_WITH_CAMELLIA_256_GCM_SHA384",
    "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256",
    "TLS_DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256",
    "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256",
    "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384",
    "TLS_DHE_RSA_WITH_ARIA_256_CBC_SHA384",
    "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256",
    "TLS_DHE_RSA_WITH_ARIA_128_CBC_SHA256",
    "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_DHE_RSA_WITH_AES_256_CCM",
    "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
    "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_DHE_RSA_WITH_AES_128_CCM",
    "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",
};

template <size_t N>
bool listed(const std::array<std::string_view, N>& list, std::string_view name) {
    for (std::string_view entry : list)
        if (entry == name) return true;
    return false;
}

}  // namespace

std::string_view class_name(SecurityClass c) {
    switch (c) {
        case SecurityClass::good: return "good";
        case SecurityClass::sufficient: return "sufficient";
        case SecurityClass::phase_out: return "phase-out";
        case SecurityClass::insufficient: return "insufficient";
    }
    return "insufficient";
}

SecurityClass classify_suite(std::string_view name) {
    if (listed(k_good, name)) return SecurityClass::good;
    if (listed(k_sufficient, name)) return SecurityClass::sufficient;
    if (listed(k_phase_out, name)) return SecurityClass::phase_out;
    return SecurityClass::insufficient;  // everything else, unknown code points included
}

std::string insufficient_reason(std::string_view name) {
    if (classify_suite(name) != SecurityClass::insufficient) return "";
    if (name.rfind("SSL_CK_", 0) == 0 || name.rfind("SSL2_", 0) == 0) return "SSLv2 cipher kind";
    if (name.rfind("0x", 0) == 0) return "unknown suite";
    if (contains(name, "NULL")) return "no encryption (NULL)";
    if (contains(name, "EXPORT")) return "export-grade";
    if (contains(name, "_anon_")) return "anonymous (no authentication)";
    if (contains(name, "RC4")) return "RC4";
    if (contains(name, "3DES") || contains(name, "_DES_") || contains(name, "DES40") || contains(name, "DES_CBC"))
        return "DES/3DES";
    if (contains(name, "RC2") || contains(name, "IDEA") || contains(name, "SEED")) return "outdated block cipher";
    if (contains(name, "PSK")) return "pre-shared key";
    if (contains(name, "CCM_8")) return "short (64-bit) authentication tag (CCM_8)";
    if (name.rfind("TLS_RSA_", 0) == 0 || name.rfind("TLS_DH_", 0) == 0 || name.rfind("TLS_ECDH_", 0) == 0)
        return "no forward secrecy (static key exchange)";
    if (contains(name, "_DSS_")) return "DSA authentication";
    if (ends_with(name, "_SHA") || ends_with(name, "_MD5")) return "SHA-1 or MD5 MAC";
    return "not listed by NCSC-NL";
}

std::string_view suite_authentication(std::string_view name) {
    if (contains(name, "_ECDSA_")) return "ECDSA";
    if (name.rfind("TLS_ECDHE_RSA_", 0) == 0 || name.rfind("TLS_DHE_RSA_", 0) == 0 || name.rfind("TLS_RSA_", 0) == 0)
        return "RSA";
    return "";
}

SecurityClass classify_group(uint32_t id) {
    switch (id) {
        // NCSC-NL 2025-05 §3.3.3 / internet.nl FS_EC_GOOD: P-256/384/521, brainpool, X25519, X448.
        case 0x0017: case 0x0018: case 0x0019:               // secp256r1, secp384r1, secp521r1
        case 0x001A: case 0x001B: case 0x001C:               // brainpoolP256r1/384r1/512r1
        case 0x001D: case 0x001E:                            // x25519, x448
        case 0x001F: case 0x0020: case 0x0021:               // brainpool*tls13
        case 0x11EB: case 0x11EC: case 0x11ED:               // hybrid ML-KEM (as strong as their ECDHE half)
            return SecurityClass::good;
        case 0x0015:                                         // secp224r1
            return SecurityClass::phase_out;
        // RFC 7919 groups in TLS 1.3: ffdhe3072 and larger are phase-out, ffdhe2048 is
        // insufficient (NCSC-NL 2025-05 §3.3.3.1; the catalogue said pass / warn).
        case 0x0101: case 0x0102: case 0x0103: case 0x0104:
            return SecurityClass::phase_out;
        default:
            return SecurityClass::insufficient;              // ffdhe2048, small or binary curves, unknown
    }
}

bool is_hybrid_mlkem(uint32_t id) { return id == 0x11EB || id == 0x11EC || id == 0x11ED; }

SecurityClass classify_dh_group(std::string_view name, int bits) {
    // NCSC-NL 2025-05 §3.3.3.1 (internet.nl FFDHE_PHASE_OUT_PRIMES): DHE only with the RFC 7919
    // groups ffdhe3072..ffdhe8192, and then phase-out; any other group (ffdhe2048, RFC 3526
    // MODP, custom) is insufficient.
    if (bits >= 3072 &&
        (name == "ffdhe3072" || name == "ffdhe4096" || name == "ffdhe6144" || name == "ffdhe8192"))
        return SecurityClass::phase_out;
    return SecurityClass::insufficient;
}

std::string_view signature_hash(uint32_t id) {
    if (id >= 0x0804 && id <= 0x0806) return id == 0x0804 ? "SHA-256" : id == 0x0805 ? "SHA-384" : "SHA-512";
    if (id == 0x0807 || id == 0x0808) return "intrinsic";
    if (id >= 0x0809 && id <= 0x080B) return id == 0x0809 ? "SHA-256" : id == 0x080A ? "SHA-384" : "SHA-512";
    if (id >= 0x081A && id <= 0x081C) return id == 0x081A ? "SHA-256" : id == 0x081B ? "SHA-384" : "SHA-512";
    if (id == 0x0420) return "SHA-256";
    if (id == 0x0520) return "SHA-384";
    if (id == 0x0620) return "SHA-512";
    // TLS 1.2 (hash, signature) pairs, RFC 5246 §7.4.1.4.1.
    const uint32_t low = id & 0xFF;
    if (id > 0xFFFF || low < 1 || low > 3) return "";
    switch (id >> 8) {
        case 1: return "MD5";
        case 2: return "SHA-1";
        case 3: return "SHA-224";
        case 4: return "SHA-256";
        case 5: return "SHA-384";
        case 6: return "SHA-512";
        default: return "";
    }
}

}  // namespace osescan::checks::tls
