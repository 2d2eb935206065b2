#include "tests/unit/checks_fixtures.hpp"

#include <algorithm>

#include <doctest/doctest.h>

#include "checks/common/web_host.hpp"

namespace osescan::test {

FactsFixture::FactsFixture(const std::string& host, uint16_t port) {
    target.input = host;
    target.host = host;
    target.port = port;
    context.now = k_test_now;
}

FactsFixture FactsFixture::ip_target(const std::string& address) {
    FactsFixture fixture(address);
    fixture.target.is_ip = true;
    return fixture;
}

namespace {
facts::DnsRecord record(const std::string& name, const std::string& type, const std::string& data) {
    return facts::DnsRecord{name, type, 300, data, {}};
}
}  // namespace

FactsFixture& FactsFixture::addresses(const std::vector<std::string>& v4, const std::vector<std::string>& v6) {
    facts::DnsAnswer a;
    for (const std::string& address : v4) a.answer.push_back(record(target.host, "A", address));
    facts::DnsAnswer aaaa;
    for (const std::string& address : v6) aaaa.answer.push_back(record(target.host, "AAAA", address));
    store.put({facts::DnsRequest{target.host, "A", facts::DnsVia::stub, {}}, facts::Observed<facts::DnsAnswer>(a), 1});
    store.put({facts::DnsRequest{target.host, "AAAA", facts::DnsVia::stub, {}},
               facts::Observed<facts::DnsAnswer>(aaaa), 1});
    return *this;
}

FactsFixture& FactsFixture::addresses_error(const facts::ProbeError& error) {
    for (const char* type : {"A", "AAAA"})
        store.put({facts::DnsRequest{target.host, type, facts::DnsVia::stub, {}},
                   facts::Observed<facts::DnsAnswer>(error), 1});
    return *this;
}

FactsFixture& FactsFixture::nxdomain() {
    facts::DnsAnswer answer;
    answer.rcode = "NXDOMAIN";
    for (const char* type : {"A", "AAAA"})
        store.put({facts::DnsRequest{target.host, type, facts::DnsVia::stub, {}},
                   facts::Observed<facts::DnsAnswer>(answer), 1});
    return *this;
}

FactsFixture& FactsFixture::tls(const facts::TlsRequest& request, facts::Observed<facts::TlsHandshake> result) {
    store.put({request, std::move(result), 1});
    return *this;
}

FactsFixture& FactsFixture::tls_scan(const facts::TlsScanRequest& request, facts::Observed<facts::TlsScan> result) {
    store.put({request, std::move(result), 1});
    return *this;
}

facts::TlsScanRequest FactsFixture::scan_request(const std::string& address, const std::string& aspect,
                                                 const std::string& version) const {
    return facts::TlsScanRequest{address, target.port, target.is_ip ? "" : target.host, aspect, version, ""};
}

FactsFixture& FactsFixture::http(const facts::HttpRequest& request, facts::Observed<facts::HttpResponse> result) {
    store.put({request, std::move(result), 1});
    return *this;
}

facts::TlsRequest FactsFixture::default_tls(const std::string& address) const {
    return checks::common::default_tls(replay(), address);
}
facts::TlsRequest FactsFixture::version_tls(const std::string& address, const std::string& version) const {
    return checks::common::version_tls(replay(), address, version);
}
facts::HttpRequest FactsFixture::https_first(const std::string& address) const {
    return checks::common::https_first(replay(), address);
}
facts::HttpRequest FactsFixture::http_first(const std::string& address) const {
    return checks::common::http_first(replay(), address);
}

facts::TargetFacts FactsFixture::replay() const {
    return facts::TargetFacts(target, context, store, facts::FactsMode::replay);
}
facts::TargetFacts FactsFixture::live() const {
    return facts::TargetFacts(target, context, store, facts::FactsMode::live);
}

facts::ProbeError probe_error(const std::string& kind, const std::string& detail) {
    return facts::ProbeError{kind, detail};
}

facts::Certificate leaf_certificate(const std::string& subject) {
    facts::Certificate c;
    c.subject = subject;
    c.issuer = "CN=Test Intermediate";
    c.serial = "01";
    c.not_before = k_test_now - 30 * k_day;
    c.not_after = k_test_now + 60 * k_day;
    c.san_dns = {"example.test"};
    c.key_type = "EC";
    c.key_bits = 256;
    c.curve = "P-256";
    c.signature_algorithm = "sha256WithRSAEncryption";
    c.signature_hash = "SHA256";
    c.sha256 = "aa";
    return c;
}

facts::Certificate intermediate_certificate() {
    facts::Certificate c;
    c.subject = "CN=Test Intermediate";
    c.issuer = "CN=Test Root";
    c.serial = "02";
    c.not_before = k_test_now - 365 * k_day;
    c.not_after = k_test_now + 3 * 365 * k_day;
    c.key_type = "RSA";
    c.key_bits = 4096;
    c.signature_algorithm = "sha384WithRSAEncryption";
    c.signature_hash = "SHA384";
    c.is_ca = true;
    c.sha256 = "bb";
    return c;
}

facts::Certificate root_certificate() {
    facts::Certificate c;
    c.subject = "CN=Test Root";
    c.issuer = "CN=Test Root";
    c.serial = "03";
    c.not_before = k_test_now - 10 * 365 * k_day;
    c.not_after = k_test_now + 10 * 365 * k_day;
    c.key_type = "RSA";
    c.key_bits = 4096;
    c.signature_algorithm = "sha256WithRSAEncryption";
    c.signature_hash = "SHA256";
    c.is_ca = true;
    c.self_signed = true;
    c.sha256 = "cc";
    return c;
}

facts::TlsHandshake accepted_handshake(const std::string& version) {
    facts::TlsHandshake h;
    h.accepted = true;
    h.version = version;
    h.cipher = version == "TLSv1.3" ? "TLS_AES_256_GCM_SHA384" : "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
    h.group = "X25519";
    h.alpn = "h2";
    h.chain = {leaf_certificate(), intermediate_certificate()};
    h.verify_ok = true;
    h.verify_message = "ok";
    h.name_matches = true;
    h.secure_renegotiation = true;
    h.extended_master_secret = true;
    return h;
}

facts::TlsHandshake refused_handshake(const std::string& failure) {
    facts::TlsHandshake h;
    h.accepted = false;
    h.failure = failure;
    return h;
}

facts::HttpResponse http_response(int status, const std::vector<facts::HttpHeader>& headers) {
    facts::HttpResponse r;
    r.status = status;
    r.http_version = "1.1";
    r.headers = headers;
    return r;
}

const checks::Finding& finding_for(const std::vector<checks::Finding>& findings, const std::string& subject) {
    const auto count = std::count_if(findings.begin(), findings.end(),
                                     [&](const checks::Finding& f) { return f.subject == subject; });
    REQUIRE_MESSAGE(count == 1, "expected exactly one finding for subject '" << subject << "'");
    return *std::find_if(findings.begin(), findings.end(),
                         [&](const checks::Finding& f) { return f.subject == subject; });
}

std::vector<std::string> sorted_keys(const std::vector<facts::Request>& requests) {
    std::vector<std::string> keys;
    for (const facts::Request& r : requests) keys.push_back(facts::request_key(r));
    std::sort(keys.begin(), keys.end());
    return keys;
}

std::vector<std::string> missing_keys(const facts::TargetFacts& facts) { return sorted_keys(facts.missing()); }

}  // namespace osescan::test
