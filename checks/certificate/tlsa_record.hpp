#pragma once
// TLSA records (RFC 6698 §2) read from their presentation form in the facts, and the
// association data of a served certificate they are compared with. Pure code on untrusted
// DNS data: total and bounded.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "facts/facts.hpp"

namespace osescan::checks::certificate {

inline constexpr size_t k_tlsa_max_data_hex = 32 * 1024;  // longer data: not parsed

struct TlsaRecord {
    unsigned usage = 0;          // RFC 6698 §2.1.1: 0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE
    unsigned selector = 0;       // §2.1.2: 0 full certificate, 1 SubjectPublicKeyInfo
    unsigned matching_type = 0;  // §2.1.3: 0 exact, 1 SHA-256, 2 SHA-512
    std::string data;            // lower-case hex
};

// "3 1 1 <HEX>" (hex possibly split by spaces); nullopt when it is not TLSA RDATA.
std::optional<TlsaRecord> parse_tlsa_data(std::string_view data);

// Why a DANE client may not use the record ("" = usable): an unknown usage, selector or
// matching type (RFC 7671 §4.1 has clients ignore such records), or association data of
// the wrong length for its digest.
std::string tlsa_unusable_reason(const TlsaRecord& record);

// "DANE-EE(3) SPKI(1) SHA2-256(1)" for evidence and summaries.
std::string tlsa_description(const TlsaRecord& record);

// The certificate's association data for the record's selector and matching type (lower
// hex): the digests the engine recorded (facts::Certificate), or for Full(0) the DER
// itself; "" when it was not recorded or the combination is unknown (then nothing can match).
std::string association_data(const facts::Certificate& certificate, unsigned selector, unsigned matching_type);

// The DER bytes of a PEM certificate (empty when it does not decode).
std::vector<uint8_t> pem_der(std::string_view pem);

}  // namespace osescan::checks::certificate
