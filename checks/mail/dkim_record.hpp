#pragma once
// DKIM key records (RFC 6376 §3.6.1, RFC 8463 for Ed25519) and the minimal, bounded DER
// reading needed to size an RSA key. Untrusted input: never throws, linear work.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace osescan::checks::mail {

inline constexpr size_t k_dkim_max_chars = 8192;

struct DkimKeyRecord {
    std::string k = "rsa";                // key type, lower case
    std::vector<uint8_t> key;             // decoded p=; empty = revoked (§3.6.1)
    bool revoked = false;
    std::vector<std::string> hashes;      // h=
    std::vector<std::string> services;    // s=
    std::vector<std::string> flags;       // t=
    bool testing = false;                 // t=y
};

struct DkimParse {
    std::optional<DkimKeyRecord> record;
    std::string error;
    size_t position = 0;
};

DkimParse parse_dkim_key(std::string_view text);

// Standard base64 with "=" padding; whitespace is ignored (FWS, §3.6.1). nullopt if invalid.
std::optional<std::vector<uint8_t>> decode_base64(std::string_view text, size_t max_bytes = 8192);

// Modulus size in bits of an RSA SubjectPublicKeyInfo (RFC 5280 §4.1.2.7, RFC 3279
// §2.3.1), or of a bare RSAPublicKey; nullopt when the DER is not one of those.
std::optional<int> rsa_modulus_bits(const std::vector<uint8_t>& der);

}  // namespace osescan::checks::mail
