#pragma once
// The probe interfaces the runner drives. Each prober runs on the EventLoop and must:
// - call `done` exactly once, from the loop (never from inside start()), unless the
//   returned Cancel was called first, after which it never calls `done`;
// - finish within the timeout it was configured with (its own timers), reporting
//   ProbeError{"timeout"} rather than waiting longer;
// - treat everything the remote side sends as untrusted and bound what it keeps.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/loop/event_loop.hpp"
#include "facts/facts.hpp"

namespace osescan::engine {

using Cancel = std::function<void()>;
class ConnectionSlots;  // engine/loop/connection_slots.hpp

// Settings every prober may need; filled from the command line.
struct ProbeSettings {
    std::chrono::milliseconds timeout{10000};  // per network operation
    std::vector<std::string> resolvers;        // "IP" or "IP:port"; empty = system's
    std::string ca_file;                       // extra trust roots (PEM), may be empty
    std::string trust_anchor_file;             // DNSSEC root trust anchor for the validator
    std::string dnssec_forwarder;              // forward validator queries through this
    std::string root_hints_file;               // validator recursion: root servers (zone
                                               // file of NS + A/AAAA); empty = built-in
    size_t max_http_body = 256 * 1024;         // bytes of body kept
    size_t max_http_headers = 64 * 1024;       // bytes of headers accepted before giving up
    size_t tls_scan_per_address = 4;           // TLS handshake scan: connections at once per address
    // SMTP (engine/smtp): the name we give in EHLO (RFC 5321 §4.1.1.1: our own FQDN, or an
    // address literal), and the connections at once to one MX host (mail servers rate-limit
    // scanners; --smtp-connections).
    std::string ehlo_name = "osescan.invalid";
    size_t smtp_per_host = 2;
    // The connection slots per MX host that every SMTP connection of the scan takes (the
    // SMTP prober's conversations and the TLS scanner's STARTTLS hellos), so that together
    // they stay within smtp_per_host. Null: each prober keeps slots of its own.
    std::shared_ptr<ConnectionSlots> smtp_slots;
};

// A TLS handshake scan fact sends many hellos, each bounded by `timeout`; the whole fact is
// bounded by this many timeouts (the prober's own timer, and the dispatcher's guard).
inline constexpr int k_tls_scan_timeouts = 12;

class DnsProber {
public:
    virtual ~DnsProber() = default;
    virtual Cancel resolve(const facts::DnsRequest& request,
                           std::function<void(facts::Observed<facts::DnsAnswer>)> done) = 0;
};

class TlsProber {
public:
    virtual ~TlsProber() = default;
    virtual Cancel handshake(const facts::TlsRequest& request,
                             std::function<void(facts::Observed<facts::TlsHandshake>)> done) = 0;
};

// One aspect of a TLS handshake scan (facts/tls_scan.hpp): many short hellos, none of them
// completed, each bounded by the timeout; a server that stops answering half-way makes the
// fact a ProbeError, never "not accepted".
class TlsScanProber {
public:
    virtual ~TlsScanProber() = default;
    virtual Cancel scan(const facts::TlsScanRequest& request,
                        std::function<void(facts::Observed<facts::TlsScan>)> done) = 0;
};

// A time server (engine/nts): one NTS exchange (key exchange over TLS, then one NTS NTP
// request) or one plain NTP request. An NTS fact is two network operations, bounded by
// k_nts_timeouts timeouts; a server that answers wrongly is a fact, not a ProbeError.
inline constexpr int k_nts_timeouts = 2;

class TimeProber {
public:
    virtual ~TimeProber() = default;
    virtual Cancel nts(const facts::NtsRequest& request,
                       std::function<void(facts::Observed<facts::NtsExchange>)> done) = 0;
    virtual Cancel ntp(const facts::NtpRequest& request,
                       std::function<void(facts::Observed<facts::NtpExchange>)> done) = 0;
};

// A TLS session behaviour (facts/tls_behaviour.hpp): full OpenSSL handshakes and what
// follows them on the same connection (renegotiations; a resumption with early data). Each
// network step is bounded by the timeout; the whole fact by k_tls_behaviour_timeouts of
// them (the dispatcher's guard is the same).
inline constexpr int k_tls_behaviour_timeouts = 4;

class TlsBehaviourProber {
public:
    virtual ~TlsBehaviourProber() = default;
    virtual Cancel probe(const facts::TlsBehaviourRequest& request,
                         std::function<void(facts::Observed<facts::TlsBehaviour>)> done) = 0;
};

// An SMTP conversation is connect, greeting, EHLO, STARTTLS, the TLS handshake and QUIT,
// each bounded by the timeout, plus the wait for a connection slot of the MX host; the whole
// fact is bounded by this many timeouts (the prober's own timer, and the dispatcher's guard).
inline constexpr int k_smtp_timeouts = 8;

// One SMTP conversation with one address of an MX host (facts/smtp.hpp).
class SmtpProber {
public:
    virtual ~SmtpProber() = default;
    virtual Cancel converse(const facts::SmtpRequest& request,
                            std::function<void(facts::Observed<facts::SmtpSession>)> done) = 0;
};

class HttpProber {
public:
    virtual ~HttpProber() = default;
    virtual Cancel fetch(const facts::HttpRequest& request,
                         std::function<void(facts::Observed<facts::HttpResponse>)> done) = 0;
};

// The revocation status of one certificate from its OCSP responder or CRL
// (facts/certificate_status.hpp): one HTTP fetch, bounded by the timeout and in size.
class RevocationProber {
public:
    virtual ~RevocationProber() = default;
    virtual Cancel check(const facts::RevocationRequest& request,
                         std::function<void(facts::Observed<facts::RevocationAnswer>)> done) = 0;
};

class RouteProber {
public:
    virtual ~RouteProber() = default;
    virtual Cancel validate(const facts::RouteRequest& request,
                            std::function<void(facts::Observed<facts::RouteValidity>)> done) = 0;
};

}  // namespace osescan::engine
