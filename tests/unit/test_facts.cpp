#include <doctest/doctest.h>

#include "facts/facts_json.hpp"
#include "facts/target_facts.hpp"

using namespace osescan::facts;

TEST_CASE("request keys are canonical and distinguish what matters") {
    CHECK(request_key(DnsRequest{"Example.NL", "AAAA", DnsVia::stub, {}}) ==
          request_key(DnsRequest{"example.nl", "AAAA", DnsVia::stub, {}}));
    CHECK(request_key(DnsRequest{"example.nl", "AAAA", DnsVia::stub, {}}) !=
          request_key(DnsRequest{"example.nl", "AAAA", DnsVia::validator, {}}));
    CHECK(request_key(DnsRequest{"example.nl", "SOA", DnsVia::direct, "2001:db8::1"}) !=
          request_key(DnsRequest{"example.nl", "SOA", DnsVia::direct, "198.51.100.1"}));
    TlsRequest a{"198.51.100.1", 443, "example.nl", "TLSv1.2", "", "", "", {}};
    TlsRequest b = a;
    b.version = "TLSv1.3";
    CHECK(request_key(a) != request_key(b));
    HttpRequest h{"https", "example.nl", "198.51.100.1", 443, "/", "GET"};
    HttpRequest h6 = h;
    h6.address = "2001:db8::1";
    CHECK(request_key(h) != request_key(h6));
}

TEST_CASE("facts file round-trips through JSON") {
    FactsFile file;
    file.context.now = 1790000000;
    file.context.settings["x"] = 1;
    TargetFactsRecord rec;
    rec.target = Target{"https://Example.nl:8443/a", "example.nl", false, 8443, "/a"};
    DnsAnswer answer;
    answer.answer.push_back(DnsRecord{"example.nl", "TXT", 300, "\"v=spf1 -all\"", {"v=spf1 -all"}});
    rec.store.put(Observation{DnsRequest{"example.nl", "TXT", DnsVia::stub, {}}, Observed<DnsAnswer>(answer), 1.5});
    TlsHandshake hs;
    hs.accepted = true;
    hs.version = "TLSv1.3";
    hs.chain.push_back(Certificate{});
    hs.chain[0].san_dns = {"example.nl"};
    rec.store.put(Observation{TlsRequest{"198.51.100.1", 8443, "example.nl", "", "", "", "", {"h2"}},
                              Observed<TlsHandshake>(hs), 20});
    rec.store.put(Observation{HttpRequest{"http", "example.nl", "198.51.100.1", 80, "/", "GET"},
                              Observed<HttpResponse>(ProbeError{probe_error::connection_refused, "refused"}), 3});
    rec.store.put(Observation{RouteRequest{"198.51.100.0/24", 64500},
                              Observed<RouteValidity>(RouteValidity{"valid", {Vrp{"198.51.100.0/24", 24, 64500}}, ""}), 0});
    file.targets.push_back(rec);

    const nlohmann::json j = facts_file_to_json(file);
    CHECK(j["schema"] == k_facts_schema);
    const FactsFile back = facts_file_from_json(nlohmann::json::parse(j.dump()));
    REQUIRE(back.targets.size() == 1);
    CHECK(back.context.now == 1790000000);
    CHECK(back.targets[0].target == rec.target);
    CHECK(back.targets[0].store.size() == 4);
    for (const auto& [key, obs] : rec.store.all()) {
        const Observation* o = back.targets[0].store.find(key);
        REQUIRE(o != nullptr);
        CHECK(o->result.index() == obs.result.index());
    }
    const auto* dns = back.targets[0].store.find(request_key(DnsRequest{"example.nl", "TXT", DnsVia::stub, {}}));
    CHECK(std::get<Observed<DnsAnswer>>(dns->result).value().answer[0].txt[0] == "v=spf1 -all");
    const auto* http = back.targets[0].store.find(
        request_key(HttpRequest{"http", "example.nl", "198.51.100.1", 80, "/", "GET"}));
    CHECK(std::get<Observed<HttpResponse>>(http->result).error().kind == probe_error::connection_refused);
}

TEST_CASE("malformed facts files are rejected with a message") {
    CHECK_THROWS_WITH_AS(facts_file_from_json(nlohmann::json::object()),
                         doctest::Contains("not an osescan facts file"), std::runtime_error);
    nlohmann::json bad{{"schema", k_facts_schema}, {"context", {{"now", 1}}}, {"targets", {{{"target", {{"host", "x"}}}, {"observations", {{{"request", {{"kind", "ftp"}}}}}}}}}};
    CHECK_THROWS_AS(facts_file_from_json(bad), std::runtime_error);
}

TEST_CASE("an unknown fact kind is an error naming the entry, never read as another kind") {
    const nlohmann::json route_fact = {{"request", {{"kind", "route"}, {"prefix", "198.51.100.0/24"}, {"origin_asn", 64500}}},
                                       {"value", {{"state", "valid"}}}};
    nlohmann::json odd = route_fact;
    odd["request"]["kind"] = "tls-foo";
    nlohmann::json file{{"schema", k_facts_schema}, {"context", {{"now", 1}}}, {"targets", nlohmann::json::array()}};
    file["targets"].push_back({{"target", {{"host", "a.example"}}}, {"observations", {route_fact}}});
    file["targets"].push_back({{"target", {{"host", "b.example"}}}, {"observations", {route_fact, route_fact, odd}}});
    CHECK_THROWS_WITH_AS(facts_file_from_json(file),
                         "target 1, fact 2: unknown kind \"tls-foo\" (known: dns, tls, http, route, tls-scan, nts, ntp, tls-behaviour, revocation, smtp)", std::runtime_error);
    // The same entry with a known kind reads.
    file["targets"][1]["observations"][2] = route_fact;
    CHECK(facts_file_from_json(file).targets.size() == 2);
    // Other malformations name the entry too, and still say "malformed facts file".
    file["targets"][1]["observations"][1].erase("request");
    CHECK_THROWS_WITH_AS(facts_file_from_json(file), doctest::Contains("malformed facts file: target 1, fact 1: "),
                         std::runtime_error);
    file["targets"][1]["observations"] = 3;
    CHECK_THROWS_WITH_AS(facts_file_from_json(file), "malformed facts file: target 1: no \"observations\" array",
                         std::runtime_error);
}

TEST_CASE("TargetFacts: live mode records misses once and throws; need() batches") {
    Target t{"example.nl", "example.nl", false, 443, "/"};
    ScanContext ctx;
    FactStore store;
    TargetFacts view(t, ctx, store, FactsMode::live);
    CHECK_THROWS_AS(view.dns("example.nl", "A"), FactsPending);
    CHECK_THROWS_AS(view.dns("example.nl", "A"), FactsPending);
    CHECK(view.missing().size() == 1);
    CHECK_THROWS_AS(view.need({DnsRequest{"example.nl", "AAAA", DnsVia::stub, {}},
                               DnsRequest{"example.nl", "MX", DnsVia::stub, {}},
                               DnsRequest{"example.nl", "A", DnsVia::stub, {}}}),
                    FactsPending);
    CHECK(view.missing().size() == 3);

    store.put(Observation{DnsRequest{"example.nl", "A", DnsVia::stub, {}}, Observed<DnsAnswer>(DnsAnswer{}), 0});
    TargetFacts view2(t, ctx, store, FactsMode::live);
    CHECK(view2.dns("example.nl", "A").ok());
    CHECK_NOTHROW(view2.need({DnsRequest{"example.nl", "A", DnsVia::stub, {}}}));
}

TEST_CASE("TargetFacts: replay mode turns misses into not-recorded errors") {
    Target t{"example.nl", "example.nl", false, 443, "/"};
    ScanContext ctx;
    FactStore store;
    TargetFacts view(t, ctx, store, FactsMode::replay);
    const auto& r = view.dns("example.nl", "A");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == probe_error::not_recorded);
    CHECK(&view.dns("example.nl", "A") == &r);  // stable placeholder
    CHECK_NOTHROW(view.need({HttpRequest{}}));
    CHECK(view.missing().empty());
}

TEST_CASE("DnsAnswer and HttpResponse helpers") {
    DnsAnswer a;
    a.answer = {DnsRecord{"www.example.nl", "CNAME", 1, "example.nl", {}}, DnsRecord{"example.nl", "A", 1, "198.51.100.1", {}}};
    CHECK(a.records("a").size() == 1);
    CHECK(a.records("CNAME").size() == 1);
    HttpResponse h;
    h.headers = {{"Strict-Transport-Security", "max-age=1"}, {"strict-transport-security", "max-age=2"}};
    REQUIRE(h.header("STRICT-TRANSPORT-SECURITY") != nullptr);
    CHECK(h.header("strict-transport-security")->value == "max-age=1");
    CHECK(h.all_headers("Strict-Transport-Security").size() == 2);
    CHECK(h.header("x") == nullptr);
}

TEST_CASE("TLS scan facts: keys per aspect and version, and a JSON round trip") {
    TlsScanRequest versions{"2001:db8::1", 443, "example.nl", tls_scan_aspect::versions, "", ""};
    TlsScanRequest ciphers12{"2001:db8::1", 443, "example.nl", tls_scan_aspect::ciphers, tls_version::tls1_2, ""};
    TlsScanRequest ciphers13 = ciphers12;
    ciphers13.version = tls_version::tls1_3;
    CHECK(request_key(versions) != request_key(ciphers12));
    CHECK(request_key(ciphers12) != request_key(ciphers13));
    CHECK(std::string(request_kind(ciphers12)) == "tls-scan");

    TlsScan scan;
    scan.handshakes = 7;
    scan.suites = {{0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}, {0x010080, "SSL_CK_RC4_128_WITH_MD5"}};
    scan.order = "server";
    scan.groups = {{0x11EC, "X25519MLKEM768"}};
    scan.dh = {1024, "modp1024", "ab"};
    scan.versions = {{tls_version::ssl2, true, ""}, {tls_version::tls1_3, false, "alert protocol_version (70)"}};
    scan.fallback_scsv = "ignored";
    scan.notes = {"x"};
    FactStore store;
    store.put(Observation{ciphers12, Observed<TlsScan>(scan), 1.5});
    store.put(Observation{versions, Observed<TlsScan>(ProbeError{"timeout", "after 3 hellos"}), 2});
    FactsFile file{ScanContext{}, {TargetFactsRecord{Target{"example.nl", "example.nl", false, 443, "/"}, store}}};
    const FactsFile back = facts_file_from_json(nlohmann::json::parse(facts_file_to_json(file).dump()));
    REQUIRE(back.targets.size() == 1);
    const Observation* seen = back.targets[0].store.find(request_key(ciphers12));
    REQUIRE(seen);
    CHECK(std::get<TlsScanRequest>(seen->request) == ciphers12);
    CHECK(std::get<Observed<TlsScan>>(seen->result).value() == scan);
    const Observation* failed = back.targets[0].store.find(request_key(versions));
    REQUIRE(failed);
    CHECK(std::get<Observed<TlsScan>>(failed->result).error().kind == "timeout");
}

TEST_CASE("TLS behaviour facts: keys per aspect, kind, and a JSON round trip") {
    TlsBehaviourRequest reneg{"198.51.100.1", 443, "example.nl", tls_behaviour_aspect::client_renegotiation, "", ""};
    TlsBehaviourRequest early{"198.51.100.1", 443, "example.nl", tls_behaviour_aspect::zero_rtt, "example.nl", "/a"};
    TlsBehaviourRequest early_other_path = early;
    early_other_path.path = "/b";
    CHECK(request_key(reneg) != request_key(early));
    CHECK(request_key(early) != request_key(early_other_path));
    CHECK(std::string(request_kind(reneg)) == "tls-behaviour");

    TlsBehaviour renegotiated;
    renegotiated.version = "TLSv1.2";
    renegotiated.renegotiations_asked = 4;
    renegotiated.renegotiations_completed = 3;
    renegotiated.renegotiation_end = renegotiation_end::refused;
    renegotiated.detail = "renegotiation 4: alert: no renegotiation";
    TlsBehaviour replayable;
    replayable.version = "TLSv1.3";
    replayable.early_data = early_data_status::accepted;
    replayable.max_early_data = 16384;
    replayable.resumed = true;
    replayable.status = 200;
    replayable.status_line = "HTTP/1.1 200 OK";
    FactStore store;
    store.put(Observation{reneg, Observed<TlsBehaviour>(renegotiated), 12});
    store.put(Observation{early, Observed<TlsBehaviour>(replayable), 3});
    store.put(Observation{early_other_path, Observed<TlsBehaviour>(ProbeError{"timeout", "no TCP connection"}), 3});
    FactsFile file{ScanContext{}, {TargetFactsRecord{Target{"example.nl", "example.nl", false, 443, "/"}, store}}};
    const FactsFile back = facts_file_from_json(nlohmann::json::parse(facts_file_to_json(file).dump()));
    REQUIRE(back.targets.size() == 1);
    REQUIRE(back.targets[0].store.size() == 3);
    const Observation* seen = back.targets[0].store.find(request_key(reneg));
    REQUIRE(seen);
    CHECK(std::get<TlsBehaviourRequest>(seen->request) == reneg);
    CHECK(std::get<Observed<TlsBehaviour>>(seen->result).value() == renegotiated);
    const Observation* accepted = back.targets[0].store.find(request_key(early));
    REQUIRE(accepted);
    CHECK(std::get<Observed<TlsBehaviour>>(accepted->result).value() == replayable);
    const Observation* failed = back.targets[0].store.find(request_key(early_other_path));
    REQUIRE(failed);
    CHECK(std::get<Observed<TlsBehaviour>>(failed->result).error().kind == "timeout");
}

TEST_CASE("facts: a certificate saved before the DANE digests existed loads with them empty") {
    const nlohmann::json old{{"subject", "CN=example.nl"}, {"sha256", "aa"}, {"pem", ""}};
    const Certificate c = old.get<Certificate>();
    CHECK(c.sha256 == "aa");
    CHECK(c.sha512.empty());
    CHECK(c.spki_sha256.empty());
    CHECK(c.spki_sha512.empty());
    CHECK(c.spki.empty());
    Certificate with;
    with.spki_sha256 = "bb";
    with.spki = "30";
    CHECK(nlohmann::json(with).get<Certificate>() == with);
}
