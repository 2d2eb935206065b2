#pragma once
// NTPv4 packets (RFC 5905 §7.3) and their extension fields (RFC 7822, RFC 8915 §5):
// building a client request and a bounded parser of a reply. Standard library only, fuzzed
// on its own (tests/fuzz/fuzz_ntp_packet.cpp); everything in a reply is untrusted.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace osescan::engine::nts {

inline constexpr size_t k_ntp_header_bytes = 48;
// Bytes of a reply read at most (a datagram larger than this is truncated, then refused).
inline constexpr size_t k_max_ntp_packet = 2048;
inline constexpr size_t k_max_extension_fields = 32;

// RFC 8915 §5.3-5.6 / IANA "NTP Extension Field Types".
namespace ef_type {
inline constexpr uint16_t unique_identifier = 0x0104;
inline constexpr uint16_t nts_cookie = 0x0204;
inline constexpr uint16_t nts_cookie_placeholder = 0x0304;
inline constexpr uint16_t nts_authenticator = 0x0404;
}  // namespace ef_type

struct NtpHeader {
    int leap = 0;
    int version = 4;
    int mode = 3;
    int stratum = 0;
    int poll = 0;
    int precision = 0;
    uint32_t root_delay = 0;  // NTP short format, 16.16 seconds
    uint32_t root_dispersion = 0;
    uint32_t reference_id = 0;
    uint64_t reference_ts = 0;  // NTP timestamp format, 32.32 seconds since 1900
    uint64_t origin_ts = 0;
    uint64_t receive_ts = 0;
    uint64_t transmit_ts = 0;
};

struct ExtensionField {
    uint16_t type = 0;
    size_t offset = 0;  // of the field's first byte in the packet
    size_t length = 0;  // whole field, header included
    std::vector<uint8_t> body;
};

// The fields of the NTS Authenticator and Encrypted Extension Fields body (§5.6).
struct Authenticator {
    std::vector<uint8_t> nonce;
    std::vector<uint8_t> ciphertext;  // AES-SIV: the 16-byte synthetic IV, then the encrypted fields
};

std::vector<uint8_t> encode_header(const NtpHeader& header);
std::optional<NtpHeader> parse_header(const uint8_t* data, size_t size);

// Appends one extension field, zero-padded to a multiple of 4 bytes (RFC 7822 §3).
void append_extension_field(std::vector<uint8_t>& packet, uint16_t type, const std::vector<uint8_t>& body);
// The Authenticator body: nonce length, ciphertext length, nonce and ciphertext each
// padded to 4 bytes (§5.6).
std::vector<uint8_t> authenticator_body(const std::vector<uint8_t>& nonce, const std::vector<uint8_t>& ciphertext);

// The extension fields in `data` (a run of fields, e.g. after the header or a decrypted
// plaintext), `base` added to each offset. nullopt and `problem` when a length is not a
// multiple of 4, below 16 (RFC 7822 §3: 16 bytes minimum; RFC 8915 §5.3 keeps it), past the
// end, or there are more than k_max_extension_fields.
std::optional<std::vector<ExtensionField>> parse_extension_fields(const uint8_t* data, size_t size, size_t base,
                                                                  std::string& problem);
std::optional<Authenticator> parse_authenticator(const std::vector<uint8_t>& body, std::string& problem);

// NTP timestamp (RFC 5905 §6) <-> seconds since the Unix epoch.
uint64_t ntp_from_unix(double unix_seconds);
double unix_from_ntp(uint64_t ntp);
double short_to_seconds(uint32_t short_format);
// The reference ID as people read it: the four ASCII characters of a kiss code or a
// stratum-1 source when printable, else hex (RFC 5905 §7.3).
std::string reference_id_text(uint32_t reference_id, int stratum);

}  // namespace osescan::engine::nts
