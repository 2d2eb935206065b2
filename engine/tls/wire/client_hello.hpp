#pragma once
// ClientHellos written byte by byte, so that any version (SSLv2 to TLS 1.3), any cipher
// suite and any group can be offered, whatever the local OpenSSL supports.
//
// Additions to the agreed API: extension type constants (k_ext_*), record/handshake
// constants, make_key_share(), and the rule that SSLv2 hellos always carry version 0x0002.

#include <cstdint>
#include <string>
#include <vector>

namespace osescan::engine::tls::wire {

// Record content types (RFC 8446 §5.1) and handshake types (§4).
inline constexpr uint8_t k_content_change_cipher_spec = 20;
inline constexpr uint8_t k_content_alert = 21;
inline constexpr uint8_t k_content_handshake = 22;
inline constexpr uint8_t k_content_application_data = 23;
inline constexpr uint8_t k_handshake_client_hello = 1;
inline constexpr uint8_t k_handshake_server_hello = 2;
inline constexpr uint8_t k_handshake_certificate = 11;
inline constexpr uint8_t k_handshake_server_key_exchange = 12;
inline constexpr uint8_t k_handshake_server_hello_done = 14;

// Extension types (IANA "TLS ExtensionType Values").
inline constexpr uint16_t k_ext_server_name = 0;               // RFC 6066 §3
inline constexpr uint16_t k_ext_status_request = 5;            // RFC 6066 §8
inline constexpr uint16_t k_ext_supported_groups = 10;         // RFC 8422 §5.1.1, RFC 8446 §4.2.7
inline constexpr uint16_t k_ext_ec_point_formats = 11;         // RFC 8422 §5.1.2
inline constexpr uint16_t k_ext_signature_algorithms = 13;     // RFC 8446 §4.2.3
inline constexpr uint16_t k_ext_alpn = 16;                     // RFC 7301
inline constexpr uint16_t k_ext_padding = 21;                  // RFC 7685
inline constexpr uint16_t k_ext_extended_master_secret = 23;   // RFC 7627
inline constexpr uint16_t k_ext_session_ticket = 35;           // RFC 5077
inline constexpr uint16_t k_ext_supported_versions = 43;       // RFC 8446 §4.2.1
inline constexpr uint16_t k_ext_psk_key_exchange_modes = 45;   // RFC 8446 §4.2.9
inline constexpr uint16_t k_ext_key_share = 51;                // RFC 8446 §4.2.8
inline constexpr uint16_t k_ext_renegotiation_info = 0xFF01;   // RFC 5746

// Largest TLSPlaintext fragment (RFC 8446 §5.1); longer hellos are split over records.
inline constexpr size_t k_max_plaintext = 16384;

struct ClientHelloSpec {
    uint16_t record_version = 0x0301;  // TLS 1.0 in the record layer: what servers expect (RFC 8446 §5.1)
    uint16_t legacy_version = 0x0303;
    std::vector<uint16_t> cipher_suites;
    std::vector<uint8_t> compression_methods{0};
    std::string server_name;                    // empty = no SNI
    std::vector<uint16_t> supported_versions;   // empty = no extension
    std::vector<uint16_t> supported_groups;     // empty = none
    std::vector<uint16_t> key_share_groups;     // groups to send a share for; a subset of supported_groups
    std::vector<uint16_t> signature_algorithms;
    bool renegotiation_info = true;
    bool extended_master_secret = true;
    bool status_request = false;
    bool ec_point_formats = true;
    bool session_ticket = false;
    std::vector<std::string> alpn;
    bool sslv2 = false;  // SSLv2 CLIENT-HELLO format (version 0x0002), uses sslv2_ciphers
    std::vector<uint32_t> sslv2_ciphers;
};

// One complete record (several if the hello exceeds 2^14 bytes), or the SSLv2
// 2-byte-header CLIENT-HELLO. Extensions in this order: server_name, ec_point_formats,
// supported_groups, signature_algorithms, status_request, session_ticket, alpn,
// extended_master_secret, renegotiation_info, supported_versions,
// psk_key_exchange_modes, key_share, padding. Groups in key_share_groups that
// make_key_share() does not know are left out of key_share; a hello offering TLS 1.3
// without shares sends an empty key_share (RFC 8446 §4.2.8: asks for an HRR). No
// extensions at all gives a hello without the extensions field, as SSLv3 servers expect
// (RFC 6101 §5.6.1.2).
std::vector<uint8_t> build_client_hello(const ClientHelloSpec& spec);

// A key share a real server accepts for `group` (RFC 8446 §4.2.8): random X25519/X448
// keys, the curve's generator for NIST curves, g = 2 for ffdhe, a well-formed ML-KEM
// encapsulation key; empty for groups we cannot make one for.
std::vector<uint8_t> make_key_share(uint16_t group);

// Random bytes from std::random_device (the OS generator on Linux).
std::vector<uint8_t> random_bytes(size_t count);

}  // namespace osescan::engine::tls::wire
