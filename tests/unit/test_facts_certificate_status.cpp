// The certificate status facts: revocation requests and answers, SCTs, the OCSP staple in
// detail and the certificates' AIA/CDP URLs survive a JSON round trip; revocation URLs
// parse strictly.
#include <doctest/doctest.h>

#include "facts/facts_json.hpp"
#include "facts/http_url.hpp"

using namespace osescan::facts;

TEST_CASE("revocation facts round-trip through JSON with their own kind") {
    RevocationRequest request{"ocsp", "http://ocsp.pki.test/", "198.51.100.90", "aa", "PEM A", "bb", "PEM B"};
    CHECK(std::string(request_kind(request)) == "revocation");
    RevocationRequest crl = request;
    crl.method = "crl";
    CHECK(request_key(request) != request_key(crl));
    RevocationRequest other_certificate = request;
    other_certificate.certificate_sha256 = "cc";
    CHECK(request_key(request) != request_key(other_certificate));

    RevocationAnswer answer{"revoked", "", "keyCompromise", 1749945600, 1749940000, 1750040000};
    FactsFile file;
    file.context.now = 1750000000;
    TargetFactsRecord record;
    record.target = Target{"example.test", "example.test", false, 443, "/"};
    record.store.put({request, Observed<RevocationAnswer>(answer), 3});
    record.store.put({crl, Observed<RevocationAnswer>(ProbeError{"timeout", "no answer"}), 3});

    TlsHandshake handshake;
    handshake.accepted = true;
    Certificate leaf;
    leaf.ocsp_urls = {"http://ocsp.pki.test/"};
    leaf.crl_urls = {"http://crl.pki.test/ca.crl"};
    leaf.scts = {SignedTimestamp{"certificate", 0, std::string(64, 'a'), 1749945600123}};
    handshake.chain = {leaf};
    handshake.ocsp_status = "invalid";
    handshake.ocsp_staple = RevocationAnswer{"invalid", "stale", "", 0, 1, 2};
    handshake.scts = {SignedTimestamp{"tls-extension", 0, std::string(64, 'b'), 5}};
    TlsRequest tls{"198.51.100.10", 443, "example.test", "", "", "", "", {}};
    record.store.put({tls, Observed<TlsHandshake>(handshake), 4});
    file.targets.push_back(record);

    const nlohmann::json json = facts_file_to_json(file);
    const FactsFile back = facts_file_from_json(nlohmann::json::parse(json.dump()));
    REQUIRE(back.targets.size() == 1);
    const FactStore& store = back.targets[0].store;
    const auto* revocation = store.find(request_key(request));
    REQUIRE(revocation);
    CHECK(std::get<RevocationRequest>(revocation->request) == request);
    CHECK(std::get<Observed<RevocationAnswer>>(revocation->result).value() == answer);
    const auto* failed = store.find(request_key(crl));
    REQUIRE(failed);
    CHECK(std::get<Observed<RevocationAnswer>>(failed->result).error().kind == "timeout");
    const auto* tls_back = store.find(request_key(tls));
    REQUIRE(tls_back);
    CHECK(std::get<Observed<TlsHandshake>>(tls_back->result).value() == handshake);
    CHECK(facts_file_to_json(back) == json);
}

TEST_CASE("a handshake recorded before the certificate status fields still reads") {
    const nlohmann::json old = {{"accepted", true}, {"ocsp_status", "good"}, {"chain", {{{"subject", "CN=a"}}}}};
    const TlsHandshake handshake = old.get<TlsHandshake>();
    CHECK(handshake.ocsp_status == "good");
    CHECK(handshake.ocsp_staple.status.empty());
    CHECK(handshake.scts.empty());
    CHECK(handshake.chain.at(0).ocsp_urls.empty());
}

TEST_CASE("revocation URLs: plain http only, strictly parsed") {
    const auto url = parse_http_url("http://OCSP.pki.test:8080/path/x");
    REQUIRE(url);
    CHECK(url->host == "ocsp.pki.test");
    CHECK(url->port == 8080);
    CHECK(url->path == "/path/x");
    CHECK_FALSE(url->host_is_ip);
    const auto bare = parse_http_url("http://198.51.100.9");
    REQUIRE(bare);
    CHECK(bare->path == "/");
    CHECK(bare->port == 80);
    CHECK(bare->host_is_ip);
    const auto v6 = parse_http_url("http://[2001:db8::9]:81/c.crl");
    REQUIRE(v6);
    CHECK(v6->host == "2001:db8::9");
    CHECK(v6->host_is_ip);
    CHECK(v6->port == 81);
    for (const char* bad : {"https://ocsp.pki.test/", "ldap://x/", "http://", "http://user@host/", "http://host:0/",
                            "http://host:99999/", "http://host:/", "http://ho st/", "http://host/?q",
                            "http://[1.2.3.4]/", "http://host/\x01", "http://host:8a/"})
        CHECK_MESSAGE(!parse_http_url(bad), bad);
    CHECK_FALSE(parse_http_url("http://h/" + std::string(2000, 'a')));
}
