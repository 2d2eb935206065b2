#pragma once
// Facts-building helpers for the checks' unit tests: a target with recorded observations,
// judged in replay mode (or live mode to see which requests a check asks for).
//
// Requests are built with the same common:: builders the checks use, so a test records
// exactly the facts a check will look up.

#include <cstdint>
#include <string>
#include <vector>

#include "checks/finding.hpp"
#include "facts/facts.hpp"
#include "facts/target_facts.hpp"

namespace osescan::test {

// 2025-06-15T15:06:40Z: every checks test judges at this instant.
inline constexpr int64_t k_test_now = 1750000000;
inline constexpr int64_t k_day = 86400;

class FactsFixture {
public:
    // A name target ("example.test", port 443, path "/").
    explicit FactsFixture(const std::string& host = "example.test", uint16_t port = 443);
    // An IP-literal target: no DNS needed.
    static FactsFixture ip_target(const std::string& address);

    FactsFixture(const FactsFixture&) = delete;  // TargetFacts views keep references
    FactsFixture& operator=(const FactsFixture&) = delete;
    FactsFixture(FactsFixture&&) = default;

    // Records the host's A and AAAA answers (NOERROR; empty lists = no records).
    FactsFixture& addresses(const std::vector<std::string>& v4, const std::vector<std::string>& v6);
    // Records A and AAAA lookups ending in the same probe error.
    FactsFixture& addresses_error(const facts::ProbeError& error);
    FactsFixture& nxdomain();

    FactsFixture& tls(const facts::TlsRequest& request, facts::Observed<facts::TlsHandshake> result);
    FactsFixture& http(const facts::HttpRequest& request, facts::Observed<facts::HttpResponse> result);
    FactsFixture& tls_scan(const facts::TlsScanRequest& request, facts::Observed<facts::TlsScan> result);
    // A tls-scan request exactly as checks/tls/tls_scan_view.hpp builds it.
    facts::TlsScanRequest scan_request(const std::string& address, const std::string& aspect,
                                       const std::string& version = "") const;

    // The shared requests, exactly as checks/common/web_host.hpp builds them.
    facts::TlsRequest default_tls(const std::string& address) const;
    facts::TlsRequest version_tls(const std::string& address, const std::string& version) const;
    facts::HttpRequest https_first(const std::string& address) const;
    facts::HttpRequest http_first(const std::string& address) const;

    // Shortcuts for the common case.
    FactsFixture& default_handshake(const std::string& address, facts::Observed<facts::TlsHandshake> result) {
        return tls(default_tls(address), std::move(result));
    }

    // Views on the recorded facts; valid while the fixture lives.
    facts::TargetFacts replay() const;
    facts::TargetFacts live() const;

    facts::Target target;
    facts::ScanContext context;
    facts::FactStore store;
};

facts::ProbeError probe_error(const std::string& kind, const std::string& detail = "");

// A completed handshake at `version` with one good leaf certificate for example.test.
facts::TlsHandshake accepted_handshake(const std::string& version = "TLSv1.3");
facts::TlsHandshake refused_handshake(const std::string& failure = "alert: protocol version");

// A leaf valid from 30 days before to 60 days after k_test_now, EC P-256, SHA-256,
// issued by "CN=Test Intermediate", SAN example.test.
facts::Certificate leaf_certificate(const std::string& subject = "CN=example.test");
// An intermediate (CA, not self-signed) issued by "CN=Test Root", RSA 4096, SHA-384.
facts::Certificate intermediate_certificate();
// A self-signed root (CA), RSA 4096.
facts::Certificate root_certificate();

facts::HttpResponse http_response(int status, const std::vector<facts::HttpHeader>& headers = {});

// The one finding whose subject is `subject` (fails the test if not exactly one).
const checks::Finding& finding_for(const std::vector<checks::Finding>& findings, const std::string& subject);

// Missing requests as canonical keys, sorted (for exact comparisons).
std::vector<std::string> missing_keys(const facts::TargetFacts& facts);
std::vector<std::string> sorted_keys(const std::vector<facts::Request>& requests);

}  // namespace osescan::test
