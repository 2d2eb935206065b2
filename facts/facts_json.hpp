#pragma once
// JSON form of the facts model: the `--save-facts` / `--from-facts` file format
// ("schema": "osescan-facts/1"). Field names are the C++ member names; they are stable.

#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facts/facts.hpp"

namespace osescan::facts {

inline constexpr const char* k_facts_schema = "osescan-facts/1";

NLOHMANN_JSON_SERIALIZE_ENUM(DnsVia, {{DnsVia::stub, "stub"},
                                      {DnsVia::validator, "validator"},
                                      {DnsVia::direct, "direct"}})

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ProbeError, kind, detail)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(DnsRequest, name, type, via, server)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(DnsRecord, name, type, ttl, data, txt)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TlsRequest, address, port, sni, version, ciphers,
                                                ciphersuites, groups, alpn)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SignedTimestamp, source, version, log_id, timestamp_ms)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RevocationAnswer, status, problem, reason, revoked_at,
                                                this_update, next_update)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RevocationRequest, method, url, address,
                                                certificate_sha256, certificate_pem, issuer_sha256,
                                                issuer_pem)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Certificate, subject, issuer, serial, not_before,
                                                not_after, san_dns, san_ip, key_type, key_bits,
                                                curve, signature_algorithm, signature_hash, is_ca,
                                                self_signed, sha256, pem, sha512, spki_sha256,
                                                spki_sha512, spki, ocsp_urls, crl_urls, scts)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(HttpRequest, scheme, host, address, port, path,
                                                method)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(HttpHeader, name, value)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RouteRequest, prefix, origin_asn)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Vrp, prefix, max_length, asn)

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(DnsAnswer, rcode, answer, authority, security,
                                                why_bogus, truncated, server)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TlsHandshake, accepted, failure, version, cipher,
                                                group, alpn, chain, verify_ok, verify_code,
                                                verify_message, name_matches, secure_renegotiation,
                                                extended_master_secret, ocsp_status, ocsp_staple, scts)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(HttpResponse, status, http_version, headers, body,
                                                body_bytes, body_truncated, body_sha256, tls_version,
                                                accept_encoding)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RouteValidity, state, covering, reason)
// `starttls` is written only when set, so facts saved before it existed replay unchanged.
inline void to_json(nlohmann::json& j, const TlsScanRequest& v) {
    j = nlohmann::json{{"address", v.address}, {"port", v.port}, {"sni", v.sni}, {"aspect", v.aspect},
                       {"version", v.version}};
    if (!v.starttls.empty()) j["starttls"] = v.starttls;
}
inline void from_json(const nlohmann::json& j, TlsScanRequest& v) {
    const TlsScanRequest d;
    v.address = j.value("address", d.address);
    v.port = j.value("port", d.port);
    v.sni = j.value("sni", d.sni);
    v.aspect = j.value("aspect", d.aspect);
    v.version = j.value("version", d.version);
    v.starttls = j.value("starttls", d.starttls);
}
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TlsCode, id, name)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TlsVersionSupport, version, accepted, detail)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TlsDhGroup, bits, name, prime_sha256)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TlsScan, handshakes, versions, suites, order, groups, dh,
                                                signature_schemes, secure_renegotiation,
                                                extended_master_secret, compression, fallback_scsv, notes)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(NtsRequest, host, address, port)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(NtpRequest, address, port)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(NtpSample, leap, version, mode, stratum, poll, precision,
                                                root_delay_ms, root_dispersion_ms, reference_id, offset_ms,
                                                delay_ms, root_distance_ms)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(NtpExchange, outcome, detail, address, port, sample,
                                                extension_fields, new_cookies)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(NtsKeRecord, type, critical, length)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(NtsExchange, tls, ke_completed, ke_failure, records,
                                                next_protocols, aead_algorithms, error_code, warning_code,
                                                unknown_critical, cookies, cookie_bytes, ntp_server, ntp_port,
                                                ntp)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TlsBehaviourRequest, address, port, sni, aspect, host, path)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TlsBehaviour, version, renegotiations_asked,
                                                renegotiations_completed, renegotiation_end, early_data,
                                                max_early_data, resumed, status, status_line, detail)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SmtpRequest, address, port, host)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SmtpReply, code, text)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SmtpSession, greeting, ehlo, extensions, starttls_offered,
                                                starttls, tls_attempted, tls)


void to_json(nlohmann::json& j, const Target& v);
void from_json(const nlohmann::json& j, Target& v);
void to_json(nlohmann::json& j, const ScanContext& v);
void from_json(const nlohmann::json& j, ScanContext& v);
void to_json(nlohmann::json& j, const Request& v);
void from_json(const nlohmann::json& j, Request& v);
void to_json(nlohmann::json& j, const Observation& v);
Observation observation_from_json(const nlohmann::json& j);


// A request "kind" that is none of dns, tls, http, route (a newer osescan's file, or a
// typo): the facts file is rejected, never read as some other kind.
class UnknownFactKind : public std::runtime_error {
public:
    explicit UnknownFactKind(const std::string& kind);
};

// One target and everything observed for it.
struct TargetFactsRecord {
    Target target;
    FactStore store;
};

// A whole facts file. Throws std::runtime_error with a readable message on bad input that
// names the entry (0-based indexes): "target 3, fact 17: unknown kind \"tls-foo\" ...",
// "malformed facts file: target 0: ...".
struct FactsFile {
    ScanContext context;
    std::vector<TargetFactsRecord> targets;
};
nlohmann::json facts_file_to_json(const FactsFile& file);
FactsFile facts_file_from_json(const nlohmann::json& j);

}  // namespace osescan::facts
