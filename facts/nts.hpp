#pragma once
// What a time server showed: one NTS exchange (RFC 8915: NTS-KE over TLS 1.3, then one
// NTS-protected NTPv4 request with a cookie from that key exchange), and one plain NTPv4
// exchange (RFC 5905) for comparison.
//
// The NTS key exchange and the NTP request it enables are one fact on purpose: the keys
// come from the TLS exporter of that very connection and a cookie is good for one request
// (RFC 8915 §5.7), so the NTP half cannot be gathered, recorded or replayed on its own.
// Keys and cookies themselves are never recorded (secrets; only their counts and sizes).

#include <cstdint>
#include <string>
#include <vector>

// Included by facts/facts.hpp after TlsHandshake (include that one, not this).

namespace osescan::facts {

// RFC 8915 §4: the NTS-KE port registered with IANA.
inline constexpr uint16_t k_nts_ke_port = 4460;
// RFC 5905 §7: the NTP port.
inline constexpr uint16_t k_ntp_port = 123;

// One NTS key exchange with `address`:`port`, TLS server name `host`, followed by one NTS
// NTPv4 request to the server and port it negotiated.
struct NtsRequest {
    std::string host;     // TLS SNI and the name the certificate must match; "" for an IP target
    std::string address;  // IP literal of the NTS-KE server
    uint16_t port = k_nts_ke_port;
    bool operator==(const NtsRequest&) const = default;
};

// One plain NTPv4 client request (mode 3, no extension fields).
struct NtpRequest {
    std::string address;  // IP literal
    uint16_t port = k_ntp_port;
    bool operator==(const NtpRequest&) const = default;
};

// The header of an NTP reply (RFC 5905 §7.3) and what this client computed from it.
struct NtpSample {
    int leap = 0;  // 3 = clock unsynchronised
    int version = 0;
    int mode = 0;     // 4 = server
    int stratum = 0;  // 0 = kiss-o'-death / unspecified, 1..15, 16 = unsynchronised
    int poll = 0;
    int precision = 0;  // log2 seconds
    double root_delay_ms = 0;
    double root_dispersion_ms = 0;
    std::string reference_id;  // stratum 0/1: the ASCII code (kiss code, "GPS", ...); else hex
    // RFC 5905 §8: offset θ = ((T2 − T1) + (T3 − T4)) / 2, delay δ = (T4 − T1) − (T3 − T2),
    // against this machine's clock; root distance λ = (root delay + δ) / 2 + root dispersion
    // (RFC 5905 appendix A.5.5.2, without the dispersion growth since the reply).
    double offset_ms = 0;
    double delay_ms = 0;
    double root_distance_ms = 0;
    bool operator==(const NtpSample&) const = default;
};

namespace ntp_outcome {
inline constexpr const char* ok = "ok";                                // a valid (and for NTS: authenticated) reply
inline constexpr const char* no_answer = "no-answer";                  // nothing within the timeout
inline constexpr const char* refused = "refused";                      // ICMP port unreachable
inline constexpr const char* nts_nak = "nts-nak";                      // kiss code NTSN (RFC 8915 §5.7)
inline constexpr const char* kiss = "kiss";                            // another kiss-o'-death (RFC 5905 §7.4)
inline constexpr const char* bad_origin = "bad-origin";                // origin timestamp is not ours (RFC 5905 §8)
inline constexpr const char* bad_authenticator = "bad-authenticator";  // missing or failing NTS authenticator
inline constexpr const char* malformed = "malformed";                  // not an NTPv4 server reply we can read
inline constexpr const char* not_attempted = "not-attempted";          // NTS-KE did not give what it needs
}  // namespace ntp_outcome

// One NTP exchange, plain or NTS.
struct NtpExchange {
    std::string outcome = ntp_outcome::not_attempted;  // one of ntp_outcome::*
    std::string detail;                                // why, for people (may quote the server)
    std::string address;                               // where the request went
    uint16_t port = 0;
    NtpSample sample;          // outcome ok (and kiss/nts-nak: the header)
    int extension_fields = 0;  // in the reply
    int new_cookies = 0;       // NTS: cookies decrypted from the reply
    bool operator==(const NtpExchange&) const = default;
};

// One NTS-KE record as received (RFC 8915 §4): its type, critical bit and body length.
struct NtsKeRecord {
    int type = 0;
    bool critical = false;
    int length = 0;
    bool operator==(const NtsKeRecord&) const = default;
};

struct NtsExchange {
    // The TLS 1.3 handshake of the key exchange (only TLS 1.3 offered, ALPN "ntske/1"):
    // parameters, served chain, and its verification against the trust roots and `host`.
    TlsHandshake tls;
    // The key exchange itself: set when the server's records ended with End of Message
    // (RFC 8915 §4.1.1) and none of them was malformed.
    bool ke_completed = false;
    std::string ke_failure;             // why the key exchange did not complete
    std::vector<NtsKeRecord> records;   // every record the server sent, in order (bounded)
    std::vector<int> next_protocols;    // Next Protocol Negotiation (0 = NTPv4)
    std::vector<int> aead_algorithms;   // AEAD Algorithm Negotiation (15 = AEAD_AES_SIV_CMAC_256)
    int error_code = -1;                // an Error record's code (§4.1.3), -1 = none
    int warning_code = -1;              // a Warning record's code (§4.1.4), -1 = none
    std::vector<int> unknown_critical;  // record types we do not know, sent critical (§4.1.1)
    int cookies = 0;                    // New Cookie for NTPv4 records
    int cookie_bytes = 0;               // size of the first cookie
    std::string ntp_server;             // NTPv4 Server Negotiation, "" = the KE server
    int ntp_port = -1;                  // NTPv4 Port Negotiation, -1 = none (123)
    // The NTS-protected NTP request with the first cookie.
    NtpExchange ntp;
    bool operator==(const NtsExchange&) const = default;
};

// RFC 8915 §7.6 / IANA "NTS Next Protocols" and "AEAD Algorithms" registries.
inline constexpr int k_nts_protocol_ntpv4 = 0;
inline constexpr int k_aead_aes_siv_cmac_256 = 15;

}  // namespace osescan::facts
