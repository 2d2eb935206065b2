#pragma once
// What only a full OpenSSL session with one address:port shows (engine/tls): whether the
// server lets a client renegotiate (RFC 5746 §5 leaves it to the server; NCSC-NL 2025-05
// says it should not), and whether it accepts TLS 1.3 early data (RFC 8446 §2.3, §8: 0-RTT
// data can be replayed) and how the application answers it.
//
// One request kind, `tls-behaviour`, with an aspect; each aspect is one fact per address,
// gathered once and shared by the check that reads it.

#include <cstdint>
#include <string>
#include <vector>

namespace osescan::facts {

namespace tls_behaviour_aspect {
// A full TLS <= 1.2 handshake, then up to TlsBehaviour::k_renegotiations client-initiated
// renegotiations on the same connection.
inline constexpr const char* client_renegotiation = "client-renegotiation";
// A TLS 1.3 handshake and one HTTP GET (to receive the session tickets), then a resumption
// with the same GET as early data.
inline constexpr const char* zero_rtt = "zero-rtt";
}  // namespace tls_behaviour_aspect

struct TlsBehaviourRequest {
    std::string address;  // IP literal
    uint16_t port = 443;
    std::string sni;     // "" = no SNI
    std::string aspect;  // tls_behaviour_aspect::*
    std::string host;    // zero-rtt: the HTTP Host header ("" = the address)
    std::string path;    // zero-rtt: the HTTP request target
    bool operator==(const TlsBehaviourRequest&) const = default;
};

// How a renegotiation series ended.
namespace renegotiation_end {
inline constexpr const char* refused = "refused";              // alert, close or failed handshake after our request
inline constexpr const char* all_completed = "all-completed";  // every renegotiation asked for completed
inline constexpr const char* no_answer = "no-answer";          // the server went silent: could not tell
inline constexpr const char* no_handshake = "no-handshake";    // the first TLS <= 1.2 handshake was refused
}  // namespace renegotiation_end

// What became of the early data.
namespace early_data_status {
inline constexpr const char* no_tls13 = "no-tls13";        // the TLS 1.3 handshake was refused
inline constexpr const char* no_ticket = "no-ticket";      // no resumable session ticket received
inline constexpr const char* not_offered = "not-offered";  // tickets say max_early_data 0
inline constexpr const char* rejected = "rejected";        // sent, and the server rejected it
inline constexpr const char* accepted = "accepted";        // sent, and the server accepted it
}  // namespace early_data_status

struct TlsBehaviour {
    static constexpr int k_renegotiations = 11;  // NCSC-NL 2025-05 as internet.nl applies it

    std::string version;  // negotiated in the first handshake

    // client-renegotiation
    int renegotiations_asked = 0;
    int renegotiations_completed = 0;
    std::string renegotiation_end;  // renegotiation_end::*

    // zero-rtt
    std::string early_data;       // early_data_status::*
    uint32_t max_early_data = 0;  // from the server's NewSessionTicket early_data extension
    bool resumed = false;         // the second connection resumed the session
    int status = 0;               // HTTP status of the answer to the early request (0: none)
    std::string status_line;      // its first line, bounded, untrusted

    std::string detail;  // how the probe ended, e.g. "alert: no renegotiation" (untrusted text quoted)
    bool operator==(const TlsBehaviour&) const = default;
};

}  // namespace osescan::facts
