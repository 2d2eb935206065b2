#pragma once
// Parser of Certificate Transparency timestamps (RFC 6962 section 3.3): the
// SignedCertificateTimestampList that a certificate extension, an OCSP single extension or
// the TLS signed_certificate_timestamp extension carries. Remote data: every length is
// checked against what remains, and the count of SCTs kept is bounded.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "facts/certificate_status.hpp"

namespace osescan::engine::tls {

inline constexpr size_t k_max_scts = 32;  // more in one list are ignored (logs are few)

// One SerializedSCT's contents (RFC 6962 section 3.2, `SignedCertificateTimestamp`):
// nullopt when it is malformed. Only v1 (version 0) has a known layout: other versions
// are kept with their version and no log id (section 3.2: clients ignore them).
std::optional<facts::SignedTimestamp> parse_sct(const uint8_t* data, size_t length, const std::string& source);

// The TLS-encoded list `opaque SerializedSCT<1..2^16-1>` inside `SignedCertificateTimestampList
// <1..2^16-1>`: nullopt when the list's framing is malformed; individual malformed SCTs
// are skipped.
std::optional<std::vector<facts::SignedTimestamp>> parse_sct_list(const uint8_t* data, size_t length,
                                                                  const std::string& source);

}  // namespace osescan::engine::tls
