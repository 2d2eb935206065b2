#pragma once
// Which ClientHellos a TLS handshake scan sends next, given the answers so far: pure code,
// no I/O, so that every enumeration is unit-tested against scripted servers
// (tests/unit/test_engine_tls_scan_*.cpp). WireTlsScanProber (wire_tls_scan_prober.hpp)
// drives a Strategy on the EventLoop; run_scripted() drives it with a function.
//
// A Strategy hands out batches: every hello of a batch may be sent at once (the prober
// caps the connections per address), and the batch's answers come back together, in the
// batch's order. An empty batch means the fact is complete.
//
// Transport failures (timeouts, resets outside the versions aspect, refused connections)
// never reach a Strategy: transport_error() turns them into the fact's ProbeError, since a
// server that stops answering half-way has refused nothing.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/tls/wire/client_hello.hpp"
#include "engine/tls/wire/hello_exchange.hpp"
#include "facts/facts.hpp"

namespace osescan::engine::tls::scan {

// The versions this scanner asks about, newest first, with their wire values.
struct ScanVersion {
    const char* name;  // facts::tls_version names, and "SSLv2"
    uint16_t wire;
};
const std::vector<ScanVersion>& scan_versions();
std::optional<uint16_t> wire_version(const std::string& name);  // nullopt: unknown name
std::string version_name(uint16_t wire);                           // "0x0305" when unknown

// The cipher suites valid at `version`: for TLS 1.3 the 0x13xx suites; below it every
// IANA suite of the registry except the TLS 1.3 ones and, before TLS 1.2, those only TLS
// 1.2 defines (AEAD, SHA-256/384 MACs, ARIA). Sorted by id.
std::vector<uint16_t> suites_for_version(uint16_t version);
// ECDHE (EC), DHE (finite field) suites among suites_for_version(version), non-PSK.
std::vector<uint16_t> ecdhe_suites(uint16_t version);
std::vector<uint16_t> dhe_suites(uint16_t version);

// Groups asked about: TLS 1.3 candidates, and the elliptic curves of TLS <= 1.2.
const std::vector<uint16_t>& tls13_group_candidates();
const std::vector<uint16_t>& tls12_curve_candidates();
// TLS 1.2 signature schemes asked about (each found by removing the server's picks).
const std::vector<uint16_t>& tls12_signature_candidates();

// A hello at `version` with the broad defaults: SNI, supported_groups, signature
// algorithms, renegotiation_info + EMS (TLS 1.0+), the SCSV for SSLv3; TLS 1.3 with key
// shares for x25519 and secp256r1. `suites` empty = suites_for_version(version).
wire::ClientHelloSpec base_hello(uint16_t version, const std::string& sni, std::vector<uint16_t> suites = {});

// Offer lists longer than this are split (some servers reject very long hellos).
inline constexpr size_t k_max_suites_per_hello = 128;

// The fact's error for an answer that is no answer, or nullopt when the server answered
// (a ServerHello, an alert, a close). `resets_refuse`: a reset counts as a refusal (the
// versions aspect: servers reset on hello formats they do not speak). `answered` is the
// number of hellos answered before this one (for the detail).
std::optional<facts::ProbeError> transport_error(const wire::ExchangeResult& result, bool resets_refuse,
                                                 int answered);

// How a server refused (or answered) one hello, for details and notes:
// "alert protocol_version (70)", "connection closed", "malformed ServerHello: ...".
std::string describe_refusal(const wire::ExchangeResult& result);
std::string alert_name(uint8_t description);

// What the answers so far say about the versions (for features: fallback SCSV).
struct VersionsKnown {
    std::vector<facts::TlsVersionSupport> versions;
};

class Strategy {
public:
    virtual ~Strategy() = default;
    // The hellos to send now; empty = finished, read result().
    virtual std::vector<wire::ClientHelloSpec> next() = 0;
    // The answers to the last batch, in its order (none of them a transport failure).
    virtual void answer(const std::vector<wire::ExchangeResult>& answers) = 0;
    virtual facts::TlsScan result() const = 0;
    // Whether resets count as refusals for this aspect.
    virtual bool resets_refuse() const { return false; }
};

// TlsScanRequest::starttls values the scanner speaks: "" (TLS from the first byte) and this
// one (RFC 3207: every hello after the SMTP preamble, engine/smtp/starttls_preamble.hpp).
inline constexpr const char* k_starttls_smtp = "smtp";

// The strategy answering `request`, or a ProbeError for a request it cannot answer
// (unknown aspect, version or starttls protocol, an aspect asked at a version it does not
// apply to).
// `versions`: the versions fact of the same address:port:sni when already known (features
// needs it; without it the features strategy sends the versions hellos itself).
struct MadeStrategy {
    std::unique_ptr<Strategy> strategy;
    std::optional<facts::ProbeError> error;
};
MadeStrategy make_strategy(const facts::TlsScanRequest& request, const std::optional<facts::TlsScan>& versions);

// A synchronous driver for tests: `server` answers one hello. Counts handshakes and turns
// transport failures into the fact's error exactly as the prober does.
using ScriptedServer = std::function<wire::ExchangeResult(const wire::ClientHelloSpec&)>;
facts::Observed<facts::TlsScan> run_scripted(Strategy& strategy, const ScriptedServer& server);

// The finite-field DH group of a ServerKeyExchange prime (big-endian, leading zeros
// allowed): bits, RFC 7919 / RFC 3526 / RFC 2409 name or "custom", SHA-256 of the prime.
facts::TlsDhGroup identify_dh_group(const std::vector<uint8_t>& prime);

}  // namespace osescan::engine::tls::scan
