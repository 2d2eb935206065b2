#pragma once
// SHA-256 and SHA-512 (FIPS 180-4), for the DANE matching types 1 and 2 (RFC 6698 §2.1.3).
// Checks may not link OpenSSL (they are pure judgements over recorded facts), and the
// facts already hold each served certificate's DER (its PEM): the digests a TLSA record
// names are computed here, so replays need nothing the live scan did not record.

#include <cstdint>
#include <span>
#include <string>

namespace osescan::checks::certificate {

std::string sha256_hex(std::span<const uint8_t> data);  // lower-case hex
std::string sha512_hex(std::span<const uint8_t> data);

}  // namespace osescan::checks::certificate
