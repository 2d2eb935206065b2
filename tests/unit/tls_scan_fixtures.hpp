#pragma once
// A hand-built TLS server for the tls.* checks' unit tests: which versions it accepts and,
// per version, its suites (and order), groups (and DH group), TLS 1.2 signature schemes and
// ServerHello features. record() writes the tls-scan facts a scan of it would produce.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "checks/check.hpp"
#include "checks/finding.hpp"
#include "facts/tls_scan.hpp"
#include "tests/unit/checks_fixtures.hpp"
#include "tests/unit/mail_tls_fixtures.hpp"

namespace osescan::test {

inline constexpr const char* k_scan_v4 = "198.51.100.20";
inline constexpr const char* k_scan_v6 = "2001:db8::20";
inline const std::vector<std::string> k_all_versions{"TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1", "SSLv3", "SSLv2"};

inline facts::TlsCode code(uint32_t id, const std::string& name) { return facts::TlsCode{id, name}; }

struct ScanServer {
    std::vector<std::string> accepted{"TLSv1.3", "TLSv1.2"};
    std::map<std::string, std::vector<facts::TlsCode>> suites{
        {"TLSv1.3", {code(0x1302, "TLS_AES_256_GCM_SHA384"), code(0x1303, "TLS_CHACHA20_POLY1305_SHA256"),
                     code(0x1301, "TLS_AES_128_GCM_SHA256")}},
        {"TLSv1.2", {code(0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
                     code(0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
                     code(0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")}}};
    std::map<std::string, std::string> order{{"TLSv1.3", "server"}, {"TLSv1.2", "server"}};
    std::map<std::string, std::vector<facts::TlsCode>> groups{
        {"TLSv1.3", {code(0x001D, "x25519"), code(0x0017, "secp256r1"), code(0x0018, "secp384r1")}},
        {"TLSv1.2", {code(0x001D, "x25519"), code(0x0017, "secp256r1")}}};
    std::map<std::string, facts::TlsDhGroup> dh;
    std::vector<facts::TlsCode> signatures{code(0x0403, "ecdsa_secp256r1_sha256"), code(0x0503, "ecdsa_secp384r1_sha384"),
                                           code(0x0804, "rsa_pss_rsae_sha256")};
    bool secure_renegotiation = true;
    bool extended_master_secret = true;
    bool compression = false;
    std::string fallback_scsv = "honoured";   // at the newest version <= TLS 1.2 below the best
    std::map<std::string, facts::TlsScan> features_override;
};

inline facts::TlsScan versions_fact(const std::vector<std::string>& accepted) {
    facts::TlsScan scan;
    for (const std::string& version : k_all_versions) {
        bool ok = false;
        for (const std::string& a : accepted) ok = ok || a == version;
        scan.versions.push_back({version, ok, ok ? "" : "alert protocol_version (70)"});
    }
    return scan;
}

// Every fact a scan of `s` gives, each handed to put(aspect, version, fact).
template <class Put>
void record_scan(const ScanServer& s, Put put) {
    put("versions", "", versions_fact(s.accepted));
    for (size_t index = 0; index < s.accepted.size(); ++index) {
        const std::string& version = s.accepted[index];
        facts::TlsScan ciphers;
        if (auto it = s.suites.find(version); it != s.suites.end()) ciphers.suites = it->second;
        ciphers.order = ciphers.suites.size() < 2 ? "n/a"
                        : s.order.count(version) ? s.order.at(version) : "server";
        put("ciphers", version, ciphers);
        facts::TlsScan groups;
        if (auto it = s.groups.find(version); it != s.groups.end()) groups.groups = it->second;
        if (auto it = s.dh.find(version); it != s.dh.end()) groups.dh = it->second;
        put("groups", version, groups);
        if (version == "TLSv1.2") {
            facts::TlsScan sigs;
            sigs.signature_schemes = s.signatures;
            put("signatures", version, sigs);
        }
        if (version != "TLSv1.3" && version != "SSLv2") {
            facts::TlsScan features;
            features.secure_renegotiation = s.secure_renegotiation;
            features.extended_master_secret = s.extended_master_secret;
            features.compression = s.compression;
            // The fallback answer sits on the first version below the best; the rest say n/a.
            features.fallback_scsv = index == 1 ? s.fallback_scsv : "n/a";
            if (auto it = s.features_override.find(version); it != s.features_override.end()) features = it->second;
            put("features", version, features);
        }
    }
}

inline void record(FactsFixture& f, const std::string& address, const ScanServer& s) {
    record_scan(s, [&](const std::string& aspect, const std::string& version, const facts::TlsScan& fact) {
        f.tls_scan(f.scan_request(address, aspect, version), fact);
    });
}

// The same server as the MX host of MxWorld, after STARTTLS.
inline void record(MxWorld& world, const ScanServer& s) {
    world.handshake(accepted_handshake());
    record_scan(s, [&](const std::string& aspect, const std::string& version, const facts::TlsScan& fact) {
        world.scan(checks::tls::scan_request(mx_endpoint(), aspect, version), fact);
    });
}

// Records `server` on an IPv4 and an IPv6 address, runs `run`, checks both findings agree,
// and returns the IPv4 one.
inline checks::Finding judge_server(checks::CheckFn run, const ScanServer& server) {
    FactsFixture f;
    f.addresses({k_scan_v4}, {k_scan_v6});
    record(f, k_scan_v4, server);
    record(f, k_scan_v6, server);
    const auto findings = run(f.replay());
    REQUIRE(findings.size() == 2);
    const auto& v4 = finding_for(findings, k_scan_v4);
    const auto& v6 = finding_for(findings, k_scan_v6);
    CHECK(v4.outcome == v6.outcome);
    CHECK(v4.status == v6.status);
    MxWorld mx;  // the mail.tls.* twin judges the same server on an MX alike
    record(mx, server);
    check_mail_twin(run, mx, v4);
    return v4;
}

// The finding when the `aspect` fact at `version` of the IPv4 address is a probe error.
inline checks::Finding judge_with_error(checks::CheckFn run, const ScanServer& server, const std::string& aspect,
                                        const std::string& version) {
    FactsFixture f;
    f.addresses({k_scan_v4}, {});
    record(f, k_scan_v4, server);
    f.tls_scan(f.scan_request(k_scan_v4, aspect, version), probe_error(facts::probe_error::timeout, "10 s"));
    const auto findings = run(f.replay());
    REQUIRE(findings.size() == 1);
    return findings.front();
}

}  // namespace osescan::test
