#pragma once
// What the project's own ClientHello engine (engine/tls/wire) learns about one
// address:port: which protocol versions, cipher suites, key-exchange groups and TLS 1.2
// signature schemes the server accepts, and what its ServerHello says about
// renegotiation_info, extended master secret, compression and TLS_FALLBACK_SCSV.
//
// One fact per aspect (and per version where the aspect depends on it), so a check asks for
// exactly what it judges and `--only tls.version` costs a handful of hellos, not hundreds.
// Checks ask for `versions` first, then for the other aspects of the versions accepted.

#include <cstdint>
#include <string>
#include <vector>

namespace osescan::facts {

namespace tls_scan_aspect {
// Which of SSLv2, SSLv3, TLS 1.0-1.3 the server accepts (`version` is "").
inline constexpr const char* versions = "versions";
// The cipher suites accepted at `version`, and whether the server enforces its own order.
inline constexpr const char* ciphers = "ciphers";
// The key-exchange groups accepted at `version` (TLS 1.3 and TLS 1.2 are asked apart:
// servers configure them apart), and for TLS <= 1.2 the finite-field DH group of DHE.
inline constexpr const char* groups = "groups";
// The signature schemes the server signs its TLS 1.2 key exchange with (`version` TLSv1.2).
inline constexpr const char* signatures = "signatures";
// ServerHello extensions and behaviour at `version` (<= TLS 1.2): renegotiation_info
// (RFC 5746), extended_master_secret (RFC 7627), compression, TLS_FALLBACK_SCSV (RFC 7507).
inline constexpr const char* features = "features";
}  // namespace tls_scan_aspect

// Version names: facts::tls_version's (OpenSSL's spelling) plus SSLv2.
namespace tls_version {
inline constexpr const char* ssl2 = "SSLv2";
}

struct TlsScanRequest {
    std::string address;   // IP literal
    uint16_t port = 443;
    std::string sni;       // "" = no SNI
    std::string aspect;    // tls_scan_aspect::*
    std::string version;   // the version the aspect is asked at; "" for `versions`
    // The application protocol spoken before each hello: "" (TLS from the first byte) or
    // "smtp" (greeting, EHLO, STARTTLS and its 220 first: RFC 3207 §4, for the MX hosts'
    // port 25). The per-address connection cap then is the SMTP one (--smtp-connections).
    std::string starttls;
    bool operator==(const TlsScanRequest&) const = default;
};

// A registry code point with its name: a cipher suite (IANA 2 bytes; SSLv2 cipher kinds
// are 3 bytes), a named group or a signature scheme. `name` is the IANA name
// ("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "x25519", "rsa_pkcs1_sha1"), or "0x1234" for a
// code point the registry does not name.
struct TlsCode {
    uint32_t id = 0;
    std::string name;
    bool operator==(const TlsCode&) const = default;
};

struct TlsVersionSupport {
    std::string version;   // "SSLv2" ... "TLSv1.3"
    bool accepted = false;
    std::string detail;    // how it was refused: "alert protocol_version (70)", "connection closed", ...
    bool operator==(const TlsVersionSupport&) const = default;
};

// The finite-field group of a TLS <= 1.2 DHE key exchange (ServerKeyExchange dh_p).
struct TlsDhGroup {
    int bits = 0;             // size of the prime; 0 = no DHE suite accepted
    std::string name;         // "ffdhe2048".."ffdhe8192" (RFC 7919), "modp2048" (RFC 3526),
                              // "modp1024" (RFC 2409 group 2), ..., or "custom"
    std::string prime_sha256; // hex, of the big-endian prime: the group's identity
    bool operator==(const TlsDhGroup&) const = default;
};

struct TlsScan {
    int handshakes = 0;                        // hellos sent to learn this fact

    // versions
    std::vector<TlsVersionSupport> versions;   // newest first, every version asked

    // ciphers
    std::vector<TlsCode> suites;               // accepted; in the server's order when it enforces one
    // "server" (the server picks by its own order whatever the client's order), "client"
    // (it follows the client's order), "mixed" (it enforces an order only among some), or
    // "n/a" (fewer than two suites accepted: nothing to order).
    std::string order;

    // groups
    std::vector<TlsCode> groups;               // accepted, the server's preferred first where seen
    TlsDhGroup dh;                             // TLS <= 1.2 with a DHE suite accepted

    // signatures (TLS 1.2 ServerKeyExchange)
    std::vector<TlsCode> signature_schemes;    // accepted when offered alone

    // features
    bool secure_renegotiation = false;         // renegotiation_info in the ServerHello
    bool extended_master_secret = false;       // extended_master_secret in the ServerHello
    bool compression = false;                  // DEFLATE chosen when offered
    // TLS_FALLBACK_SCSV with a version below the best: "honoured" (inappropriate_fallback),
    // "ignored" (the server went on), or "n/a" (only one version spoken).
    std::string fallback_scsv;

    std::vector<std::string> notes;            // what the scanner noticed (untrusted text quoted)
    bool operator==(const TlsScan&) const = default;
};

}  // namespace osescan::facts
