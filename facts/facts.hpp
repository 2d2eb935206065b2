#pragma once
// The facts model: what a scan asks the network (requests) and what it saw (results).
//
// Every fact is keyed by its request, so two checks that need the same thing (the AAAA
// records of a host, the default TLS handshake with one address) share one probe. The
// model is plain data with a JSON form (facts_json.hpp): `--save-facts` writes it and
// `--from-facts` replays checks on it without any network.
//
// This library is the only thing checks and renderers see of the engine: it must never
// include c-ares, OpenSSL or libcurl headers (the CMake link graph enforces it).

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "facts/certificate_status.hpp"
#include "facts/observed.hpp"
#include "facts/tls_behaviour.hpp"
#include "facts/smtp.hpp"
#include "facts/tls_scan.hpp"

namespace osescan::facts {

// ---------------------------------------------------------------- the target
struct Target {
    std::string input;     // as the user typed it
    std::string host;      // A-label, lower case, no trailing dot; or the IP literal
    bool is_ip = false;    // IP-literal targets: checks that need a name say not_applicable
    uint16_t port = 443;   // HTTPS port (from a URL target), 443 by default
    std::string path = "/";
    bool operator==(const Target&) const = default;
};

// A time server given as nts://host[:port] (`port` is then its NTS-KE port, RFC 8915 §4):
// the scheme the user typed is the target's kind. (Read from `input`, so that Target keeps
// its five fields and a facts file of an older osescan reads the same.)
bool is_time_server(const Target& target);

// ---------------------------------------------------------------- DNS
enum class DnsVia {
    stub,       // the engine's stub resolver (c-ares, --resolver or the system's)
    validator,  // the project's own validating resolver (libunbound), DNSSEC status set
    direct,     // ask `server` (an IP literal) directly, no recursion: e.g. one name server
};

struct DnsRequest {
    std::string name;     // presentation form, no trailing dot
    std::string type;     // mnemonic: "A", "AAAA", "MX", "TXT", "TYPE65", ...
    DnsVia via = DnsVia::stub;
    std::string server;   // for via == direct: "IP" (port 53), or "IP:port" / "[IPv6]:port"
    bool operator==(const DnsRequest&) const = default;
};

// Domain names, the owner and those inside `data` alike, are in presentation form as
// received (case kept, RFC 1035 §5.1 escapes such as "\." and "\032"), without the
// trailing dot; the root name itself is "." (so a null MX is "0 ."). `data` is the RDATA as
// `dig +short` prints it, except for that dot and for long hex/base64 fields, which are
// never split by spaces (DS digest, DNSKEY key, RRSIG signature, TLSA data: upper-case
// hex). TXT/SPF: each character-string quoted and escaped, separated by one space. Types
// without a specific format, and RDATA that does not fit its type's format, use the
// RFC 3597 generic form "\# <length> <HEX>". See engine/dns/rdata_format.hpp.
struct DnsRecord {
    std::string name;               // owner, no trailing dot ("." for the root)
    std::string type;               // mnemonic, "TYPE<n>" when unknown (RFC 3597)
    uint32_t ttl = 0;
    std::string data;               // RDATA in presentation format (see above)
    std::vector<std::string> txt;   // TXT/SPF only: the character-strings, raw bytes
    bool operator==(const DnsRecord&) const = default;
};

struct DnsAnswer {
    std::string rcode = "NOERROR";  // "NOERROR", "NXDOMAIN", "SERVFAIL", "REFUSED", ...
    std::vector<DnsRecord> answer;
    std::vector<DnsRecord> authority;
    // DNSSEC status from the validating resolver: "secure", "insecure", "bogus";
    // "unchecked" for stub and direct answers (their AD bit is not trusted).
    std::string security = "unchecked";
    std::string why_bogus;          // validator's reason when bogus
    bool truncated = false;
    std::string server;             // who answered (direct queries), informational

    // Records of `type` in the answer section, following the owner name (CNAMEs kept apart).
    std::vector<const DnsRecord*> records(const std::string& type) const;
    bool nxdomain() const { return rcode == "NXDOMAIN"; }
};

// ---------------------------------------------------------------- TLS
// Version names as OpenSSL spells them; "" in a request means "negotiate the best".
namespace tls_version {
inline constexpr const char* ssl3 = "SSLv3";
inline constexpr const char* tls1_0 = "TLSv1";
inline constexpr const char* tls1_1 = "TLSv1.1";
inline constexpr const char* tls1_2 = "TLSv1.2";
inline constexpr const char* tls1_3 = "TLSv1.3";
}  // namespace tls_version

struct TlsRequest {
    std::string address;             // IP literal
    uint16_t port = 443;
    std::string sni;                 // "" = send no SNI
    std::string version;             // exact version (min = max), or "" for the best
    std::string ciphers;             // OpenSSL cipher list for <= TLS 1.2, "" = all
    std::string ciphersuites;        // TLS 1.3 suites, "" = all
    std::string groups;              // key-exchange groups, "" = library default
    std::vector<std::string> alpn;   // offered protocols
    bool operator==(const TlsRequest&) const = default;
};

struct Certificate {
    std::string subject;              // RFC 2253 one-line form
    std::string issuer;
    std::string serial;               // hex
    int64_t not_before = 0;           // Unix seconds
    int64_t not_after = 0;
    std::vector<std::string> san_dns;
    std::vector<std::string> san_ip;
    std::string key_type;             // "RSA", "EC", "Ed25519", "Ed448", "DSA", or OpenSSL's name
    int key_bits = 0;
    std::string curve;                // EC only: "P-256", "P-384", "P-521", or OpenSSL's name
    std::string signature_algorithm;  // e.g. "sha256WithRSAEncryption", "ED25519"
    std::string signature_hash;       // "SHA256", "SHA1", "MD5", ... ; "" for EdDSA
    bool is_ca = false;
    bool self_signed = false;         // subject == issuer and self-verifying signature
    std::string sha256;               // fingerprint, hex: SHA-256 of the whole certificate's DER
    std::string pem;
    // What TLSA records (DANE, RFC 6698 §2.1.2-§2.1.3) are compared with, computed by the
    // engine from the DER: SHA-512 of the whole certificate (selector 0; its SHA-256 is
    // `sha256`), SHA-256 and SHA-512 of the SubjectPublicKeyInfo (selector 1), and the
    // SubjectPublicKeyInfo itself (hex, for matching type Full(0); "" above
    // engine::tls::k_max_spki_bytes). "" = not recorded (facts saved before these existed): checks
    // read that as "could not tell", never as a match.
    std::string sha512;
    std::string spki_sha256;
    std::string spki_sha512;
    std::string spki;
    // RFC 5280 section 4.2.2.1 (AIA id-ad-ocsp) and 4.2.1.13 (CRL distribution points):
    // URIs as written in the certificate (bounded in count and length, printable ASCII).
    std::vector<std::string> ocsp_urls;
    std::vector<std::string> crl_urls;
    // RFC 6962 section 3.3: SCTs embedded in the certificate (1.3.6.1.4.1.11129.2.4.2).
    std::vector<SignedTimestamp> scts;
    bool operator==(const Certificate&) const = default;
};

struct TlsHandshake {
    bool accepted = false;            // handshake completed with the requested parameters
    std::string failure;              // why not: "alert: protocol version", ... (untrusted text)
    std::string version;              // negotiated, e.g. "TLSv1.3"
    std::string cipher;               // IANA name
    std::string group;                // key-exchange group, e.g. "X25519"
    std::string alpn;                 // selected protocol
    std::vector<Certificate> chain;   // as sent by the server, leaf first
    // Chain verification against the system store plus --ca-file, without the name, and
    // deliberately without the time check (X509_V_FLAG_NO_CHECK_TIME) and at auth level 0
    // (no minimum key size, SHA-1 allowed): expiry, key size and signature hash are each
    // judged by their own check (tls.certificate.validity/.key/.signature), so that one
    // defect fails exactly one check.
    bool verify_ok = false;
    int verify_code = 0;              // X509_V_ERR_* value
    std::string verify_message;
    bool name_matches = false;        // leaf valid for `sni` (RFC 6125 matching by OpenSSL)
    bool secure_renegotiation = false;
    bool extended_master_secret = false;
    std::string ocsp_status;          // "" no staple; "good", "revoked", "unknown", "invalid"
    RevocationAnswer ocsp_staple;     // the staple in detail (status == ocsp_status)
    // SCTs the server sent in the TLS extension (RFC 6962 section 3.3.1) or in the
    // stapled OCSP response (section 3.3.2), in that order; those in the certificate are
    // in chain[0].scts.
    std::vector<SignedTimestamp> scts;
    bool operator==(const TlsHandshake&) const = default;
};

// ---------------------------------------------------------------- SMTP (facts/smtp.hpp)
struct SmtpSession {
    SmtpReply greeting;                   // 220
    SmtpReply ehlo;                       // 250, or 500/502: no ESMTP, hence no STARTTLS
    std::vector<std::string> extensions;  // EHLO keywords, upper case, with their parameters
                                          // ("SIZE 10240000", "STARTTLS"), bounded
    bool starttls_offered = false;        // "STARTTLS" among the extensions (RFC 3207 §4)
    SmtpReply starttls;                   // the reply to STARTTLS; code 0 when not sent
    bool tls_attempted = false;           // 220 to STARTTLS: a handshake followed
    TlsHandshake tls;                     // that handshake (accepted or not), as on the web
    bool operator==(const SmtpSession&) const = default;
};

// ---------------------------------------------------------------- HTTP
struct HttpRequest {
    std::string scheme = "https";  // "http" or "https"
    std::string host;              // Host header and SNI
    std::string address;           // IP literal the connection is pinned to
    uint16_t port = 443;
    std::string path = "/";
    std::string method = "GET";
    bool operator==(const HttpRequest&) const = default;
};

struct HttpHeader {
    std::string name;   // as received
    std::string value;  // as received, trimmed; untrusted
    bool operator==(const HttpHeader&) const = default;
};

struct HttpResponse {
    int status = 0;
    std::string http_version;         // "1.1", "2"
    std::vector<HttpHeader> headers;  // in order, bounded in count and size
    std::string body;                 // first bytes of the body, bounded (see engine limits)
    uint64_t body_bytes = 0;          // bytes received (up to the bound)
    bool body_truncated = false;
    std::string body_sha256;          // of the received part
    std::string tls_version;          // https only
    // The Accept-Encoding the request offered ("gzip, deflate, br, zstd" as the client
    // library supports them; the body is then stored decoded). "" = none offered: facts
    // recorded before osescan offered compression, from which http.compression cannot tell.
    std::string accept_encoding;

    // First header with this name (ASCII case-insensitive), nullptr if none.
    const HttpHeader* header(const std::string& name) const;
    std::vector<const HttpHeader*> all_headers(const std::string& name) const;
    bool operator==(const HttpResponse&) const = default;
};

// ---------------------------------------------------------------- RPKI
// Route-origin validation of one announced route (RFC 6811), against the scan's VRP set.
struct RouteRequest {
    std::string prefix;   // "198.51.100.0/24"
    uint32_t origin_asn = 0;
    bool operator==(const RouteRequest&) const = default;
};

struct Vrp {
    std::string prefix;
    int max_length = 0;
    uint32_t asn = 0;
    bool operator==(const Vrp&) const = default;
};

struct RouteValidity {
    std::string state;            // "valid", "invalid", "not-found"
    std::vector<Vrp> covering;    // VRPs covering the prefix
    // Why an invalid route is invalid, computed from `covering`: "as-mismatch" (no covering
    // VRP names the origin AS), "too-specific" (one does, but the route is longer than its
    // maxLength), "as0" (only AS0 VRPs cover it, RFC 6483 §4); "" unless invalid.
    std::string reason;
    bool operator==(const RouteValidity&) const = default;
};

}  // namespace osescan::facts

// Time servers (NTS, NTP): their facts embed a TlsHandshake, so they come after it.
#include "facts/nts.hpp"

namespace osescan::facts {

// ---------------------------------------------------------------- the store
using Request = std::variant<DnsRequest, TlsRequest, HttpRequest, RouteRequest, TlsScanRequest, NtsRequest,
                             NtpRequest, TlsBehaviourRequest, RevocationRequest, SmtpRequest>;
using Result = std::variant<Observed<DnsAnswer>, Observed<TlsHandshake>, Observed<HttpResponse>,
                            Observed<RouteValidity>, Observed<TlsScan>, Observed<NtsExchange>,
                            Observed<NtpExchange>, Observed<TlsBehaviour>, Observed<RevocationAnswer>,
                            Observed<SmtpSession>>;

// Canonical text key of a request: equal requests have equal keys.
std::string request_key(const Request& request);
// "dns", "tls", "http", "route", "tls-scan", "nts", "ntp", "tls-behaviour", "revocation", "smtp"
const char* request_kind(const Request& request);

struct Observation {
    Request request;
    Result result;
    double duration_ms = 0;
};

// Scan-wide facts that judgements may depend on. Recorded in facts files so that a
// replay judges exactly like the live scan did.
struct ScanContext {
    int64_t now = 0;              // Unix seconds when the scan started
    nlohmann::json settings = nlohmann::json::object();  // judgement-relevant options

    template <class T>
    T setting(const std::string& name, T fallback) const {
        auto it = settings.find(name);
        if (it == settings.end()) return fallback;
        try {
            return it->get<T>();
        } catch (const nlohmann::json::exception&) {
            return fallback;
        }
    }
};

// All observations made for one target.
class FactStore {
public:
    const Observation* find(const std::string& key) const;
    void put(Observation observation);  // replaces an existing one with the same key
    const std::map<std::string, Observation>& all() const { return m_observations; }
    size_t size() const { return m_observations.size(); }

private:
    std::map<std::string, Observation> m_observations;
};

}  // namespace osescan::facts
