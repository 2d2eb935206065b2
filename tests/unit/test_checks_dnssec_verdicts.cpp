// Every outcome of the dnssec checks (and of the zone discovery they share), judged from
// recorded validator answers, plus the rounds a live scan needs.
#include <doctest/doctest.h>

#include <algorithm>

#include "checks/common/dns_zone.hpp"
#include "checks/common/site_names.hpp"
#include "checks/dnssec/zone_verdicts.hpp"
#include "checks/registry.hpp"

using namespace osescan;
using checks::Status;

namespace {

const std::string k_ksk13 =
    "257 3 13 a3W5yyEy5E4jLgFYzpwRaZZqWzH4s/sYaYiu3OqlLX7dtRrt4dVUjw+xPeicebM+JPV+Pf7MnQI2OiRHamszuw==";
const std::string k_zsk15 = "256 3 15 pNyIxcTgb9QoDIajpn1IQPzVcUbxGkopm5divz4n8X8=";
const std::string k_ds13 = "19794 13 2 BB6F2D048FC85C3439CD52111A200AF095CDE25588DA97E3F11FBC91DDAFA2F6";
const std::string k_soa = "ns1.example.test hostmaster.example.test 1 3600 900 604800 300";
const std::string k_expired =
    "validation failure <example.test. SOA IN>: signature expired from 198.51.100.53 for key example.test. "
    "while building chain of trust";

facts::DnsRecord rr(const std::string& name, const std::string& type, const std::string& data) {
    return facts::DnsRecord{name, type, 300, data, {}};
}

class Zone {
public:
    explicit Zone(std::string host = "example.test") {
        target.input = host;
        target.host = std::move(host);
    }

    void answer(const std::string& name, const std::string& type, const std::string& security,
                std::vector<facts::DnsRecord> records, std::vector<facts::DnsRecord> authority = {},
                const std::string& rcode = "NOERROR", const std::string& why = "") {
        facts::DnsAnswer a;
        a.rcode = rcode;
        a.answer = std::move(records);
        a.authority = std::move(authority);
        a.security = security;
        a.why_bogus = why;
        store.put({checks::common::validated(name, type), facts::Observed<facts::DnsAnswer>(a), 1});
    }
    void error(const std::string& name, const std::string& type, const std::string& kind) {
        store.put({checks::common::validated(name, type),
                   facts::Observed<facts::DnsAnswer>(facts::ProbeError{kind, "no answer"}), 1});
    }

    // A zone signed with algorithms 13 and 15, SHA-256 DS, NSEC, everything secure.
    void signed_zone(const std::string& zone = "example.test") {
        answer(zone, "SOA", "secure", {rr(zone, "SOA", k_soa)});
        answer(zone, "DNSKEY", "secure", {rr(zone, "DNSKEY", k_ksk13), rr(zone, "DNSKEY", k_zsk15)});
        answer(zone, "DS", "secure", {rr(zone, "DS", k_ds13)});
        answer(zone, "NSEC3PARAM", "secure", {}, {rr(zone, "SOA", k_soa), rr(zone, "NSEC", "www." + zone + " A NS SOA")});
        addresses("secure");
    }
    void addresses(const std::string& security) {
        for (const std::string& name : {target.host, "www." + target.host}) {
            answer(name, "A", security, {rr(name, "A", "198.51.100.10")});
            answer(name, "AAAA", security, {rr(name, "AAAA", "2001:db8::10")});
        }
    }
    // An unsigned zone: insecure answers, no DNSKEY, no DS.
    void unsigned_zone() {
        const std::string& zone = target.host;
        answer(zone, "SOA", "insecure", {rr(zone, "SOA", k_soa)});
        answer(zone, "DNSKEY", "insecure", {}, {rr(zone, "SOA", k_soa)});
        answer(zone, "DS", "insecure", {}, {rr("test", "SOA", k_soa)});
        answer(zone, "NSEC3PARAM", "insecure", {}, {rr(zone, "SOA", k_soa)});
        addresses("insecure");
    }

    std::vector<checks::Finding> run(const std::string& id) const {
        const checks::Check* check = checks::find_check(id);
        REQUIRE(check);
        const facts::TargetFacts view(target, context, store, facts::FactsMode::replay);
        return check->run(view);
    }
    // The one finding of check `id`. A dnssec.* verdict on the domain's zone is also judged
    // under its dnssec.mx.* id (the same verdict on an MX host's zone): same facts, same
    // finding but for the check id.
    checks::Finding one(const std::string& id) const {
        auto findings = run(id);
        REQUIRE(findings.size() == 1);
        if (const auto verdict = mx_verdict(id); verdict && findings[0].outcome != "no-such-domain") {
            const facts::TargetFacts view(target, context, store, facts::FactsMode::replay);
            const checks::common::ZoneOf zone = checks::common::find_zone(view, target.host);
            if (!zone.problem) {
                const std::string mx_id = "dnssec.mx." + id.substr(std::string("dnssec.").size());
                const checks::Finding mx =
                    verdict(view, {mx_id, zone.zone, checks::common::site_names(target)});
                CHECK(mx.check_id == mx_id);
                CHECK(mx.status == findings[0].status);
                CHECK(mx.outcome == findings[0].outcome);
                CHECK(mx.summary == findings[0].summary);
            }
        }
        return findings[0];
    }
    using Verdict = checks::Finding (*)(const facts::TargetFacts&, const checks::dnssec::ZoneSubject&);
    static Verdict mx_verdict(const std::string& id) {
        if (id == "dnssec.signed") return checks::dnssec::judge_signed;
        if (id == "dnssec.valid") return checks::dnssec::judge_valid;
        if (id == "dnssec.algorithms") return checks::dnssec::judge_algorithms;
        if (id == "dnssec.nsec3") return checks::dnssec::judge_nsec3;
        return nullptr;
    }

    facts::Target target;
    facts::ScanContext context;
    facts::FactStore store;
};

std::vector<std::string> missing_after(const Zone& zone, const std::string& id) {
    const checks::Check* check = checks::find_check(id);
    REQUIRE(check);
    const facts::TargetFacts live(zone.target, zone.context, zone.store, facts::FactsMode::live);
    CHECK_THROWS_AS(check->run(live), facts::FactsPending);
    std::vector<std::string> keys;
    for (const facts::Request& r : live.missing()) keys.push_back(facts::request_key(r));
    std::sort(keys.begin(), keys.end());
    return keys;
}

std::string key(const std::string& name, const std::string& type) {
    return facts::request_key(checks::common::validated(name, type));
}

}  // namespace

TEST_CASE("dnssec: round 1 asks the SOA of the host, round 2 the zone's batch (shared by all four checks)") {
    Zone z;
    CHECK(missing_after(z, "dnssec.signed") == std::vector<std::string>{key("example.test", "SOA")});
    z.answer("example.test", "SOA", "secure", {rr("example.test", "SOA", k_soa)});
    std::vector<std::string> wanted{key("example.test", "DNSKEY"),     key("example.test", "DS"),
                                    key("example.test", "NSEC3PARAM"), key("example.test", "A"),
                                    key("example.test", "AAAA"),       key("www.example.test", "A"),
                                    key("www.example.test", "AAAA")};
    std::sort(wanted.begin(), wanted.end());
    for (const char* id : {"dnssec.signed", "dnssec.valid", "dnssec.algorithms", "dnssec.nsec3"}) {
        INFO(id);
        CHECK(missing_after(z, id) == wanted);
    }
}

TEST_CASE("dnssec: the zone of a host below the apex comes from the authority SOA; CNAMEs climb") {
    Zone z("shop.example.test");
    z.answer("shop.example.test", "SOA", "secure", {}, {rr("example.test", "SOA", k_soa)});
    const facts::TargetFacts view(z.target, z.context, z.store, facts::FactsMode::replay);
    auto zone = checks::common::find_zone(view, "shop.example.test");
    CHECK(zone.zone == "example.test");
    CHECK_FALSE(zone.problem);

    Zone c("www.example.test");
    c.answer("www.example.test", "SOA", "secure",
             {rr("www.example.test", "CNAME", "cdn.example.net"), rr("example.net", "SOA", k_soa)});
    c.answer("example.test", "SOA", "secure", {rr("Example.Test", "SOA", k_soa)});
    const facts::TargetFacts cview(c.target, c.context, c.store, facts::FactsMode::replay);
    zone = checks::common::find_zone(cview, "www.example.test");
    CHECK(zone.zone == "example.test");

    Zone lying("a.example.test");
    lying.answer("a.example.test", "SOA", "insecure", {}, {rr("evil.example", "SOA", k_soa)});
    const facts::TargetFacts lview(lying.target, lying.context, lying.store, facts::FactsMode::replay);
    zone = checks::common::find_zone(lview, "a.example.test");
    REQUIRE(zone.problem);
    CHECK(zone.problem->detail == "SOA a.example.test: the answer names an unrelated zone");

    CHECK(checks::common::parent_name("www.example.test") == "example.test");
    CHECK(checks::common::parent_name("test") == ".");
    CHECK(checks::common::parent_name(".").empty());
    CHECK(checks::common::parent_name("a\\.b.test") == "test");
    CHECK(checks::common::normalise_dns_name("WWW.Example.TEST.") == "www.example.test");
}

TEST_CASE("dnssec: zone discovery problems are errors of every check") {
    Zone z;
    z.error("example.test", "SOA", "timeout");
    for (const char* id : {"dnssec.signed", "dnssec.valid", "dnssec.algorithms", "dnssec.nsec3"}) {
        const auto f = z.one(id);
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "probe-timeout");
    }
    Zone nx("nothere.test");
    nx.answer("nothere.test", "SOA", "secure", {}, {rr("test", "SOA", k_soa)}, "NXDOMAIN");
    for (const char* id : {"dnssec.signed", "dnssec.valid", "dnssec.algorithms", "dnssec.nsec3"}) {
        CAPTURE(id);
        const auto f = nx.one(id);
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "no-such-domain");
        CHECK(f.summary == "Could not tell: nothere.test does not exist (NXDOMAIN)");
        CHECK(f.evidence["enclosing_zone"] == "test");
    }

    Zone refused;
    refused.answer("example.test", "SOA", "insecure", {}, {}, "REFUSED");
    CHECK(refused.one("dnssec.valid").outcome == "probe-dns-error");
}

TEST_CASE("dnssec.signed: every outcome") {
    SUBCASE("signed") {
        Zone z;
        z.signed_zone();
        const auto f = z.one("dnssec.signed");
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "signed");
        CHECK(f.subject == "example.test");
        CHECK(f.evidence["dnskeys"].size() == 2);
        CHECK(f.evidence["dnskeys"][0]["key_tag"] == 19794);
        CHECK(f.evidence["dnskeys"][0]["role"] == "KSK");
        CHECK(f.evidence["ds"][0]["digest_name"] == "SHA-256");
    }
    SUBCASE("signed but bogus still counts as signed") {
        Zone z;
        z.signed_zone();
        z.answer("example.test", "DNSKEY", "bogus", {rr("example.test", "DNSKEY", k_ksk13)}, {}, "NOERROR", k_expired);
        const auto f = z.one("dnssec.signed");
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "signed-but-bogus");
    }
    SUBCASE("unsigned") {
        Zone z;
        z.unsigned_zone();
        const auto f = z.one("dnssec.signed");
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "unsigned");
        CHECK(f.summary == "example.test is not signed: it publishes no DNSKEY and its parent has no DS record");
    }
    SUBCASE("keys without DS") {
        Zone z;
        z.signed_zone();
        z.answer("example.test", "DNSKEY", "insecure", {rr("example.test", "DNSKEY", k_ksk13)});
        z.answer("example.test", "DS", "secure", {}, {rr("test", "SOA", k_soa)});
        CHECK(z.one("dnssec.signed").outcome == "no-ds");
        CHECK(z.one("dnssec.signed").status == Status::fail);
    }
    SUBCASE("DS without keys") {
        Zone z;
        z.signed_zone();
        z.answer("example.test", "DNSKEY", "bogus", {}, {}, "NOERROR", "validation failure <example.test. DNSKEY IN>: No DNSKEY record");
        CHECK(z.one("dnssec.signed").outcome == "ds-without-dnskey");
        CHECK(z.one("dnssec.signed").status == Status::fail);
    }
    SUBCASE("parent unsigned") {
        Zone z;
        z.signed_zone();
        z.answer("example.test", "DNSKEY", "insecure", {rr("example.test", "DNSKEY", k_ksk13)});
        z.answer("example.test", "DS", "insecure", {rr("example.test", "DS", k_ds13)});
        CHECK(z.one("dnssec.signed").outcome == "parent-unsigned");
        CHECK(z.one("dnssec.signed").status == Status::fail);
    }
    SUBCASE("only unsupported algorithms: insecure despite a secure DS") {
        Zone z;
        z.signed_zone();
        z.answer("example.test", "DNSKEY", "insecure", {rr("example.test", "DNSKEY", "257 3 12 AQID")});
        z.answer("example.test", "DS", "secure", {rr("example.test", "DS", "1 12 3 ABCD")});
        CHECK(z.one("dnssec.signed").outcome == "unsupported-algorithm");
        CHECK(z.one("dnssec.signed").status == Status::fail);
    }
    SUBCASE("lookup errors") {
        Zone z;
        z.signed_zone();
        z.error("example.test", "DS", "timeout");
        CHECK(z.one("dnssec.signed").status == Status::error);
        CHECK(z.one("dnssec.signed").outcome == "probe-timeout");
        z.answer("example.test", "DS", "secure", {rr("example.test", "DS", k_ds13)});
        z.answer("example.test", "DNSKEY", "secure", {}, {}, "REFUSED");
        CHECK(z.one("dnssec.signed").outcome == "probe-dns-error");
    }
}

TEST_CASE("dnssec.valid: every outcome") {
    SUBCASE("secure") {
        Zone z;
        z.signed_zone();
        const auto f = z.one("dnssec.valid");
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "secure");
        CHECK(f.evidence["answers"].size() == 5);
    }
    SUBCASE("bogus: the reason in plain words and the zone where the chain broke") {
        Zone z;
        z.signed_zone();
        z.answer("example.test", "SOA", "bogus", {rr("example.test", "SOA", k_soa)}, {}, "NOERROR", k_expired);
        z.answer("www.example.test", "A", "bogus", {rr("www.example.test", "A", "198.51.100.10")}, {}, "NOERROR",
                 k_expired);
        const auto f = z.one("dnssec.valid");
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "bogus");
        CHECK(f.evidence["reason"] == "signature-expired");
        CHECK(f.evidence["broken_at"] == "example.test");
        CHECK(f.summary ==
              "DNSSEC validation fails for example.test: the signatures have expired (chain of trust broken at "
              "example.test; 2 of the checked answers are bogus, first SOA example.test)");
    }
    SUBCASE("bogus wins over a lookup that could not be made") {
        Zone z;
        z.signed_zone();
        z.error("www.example.test", "AAAA", "timeout");
        z.answer("example.test", "A", "bogus", {}, {}, "NOERROR",
                 "validation failure <example.test. A IN>: DS hash mismatches key for key example.test.");
        const auto f = z.one("dnssec.valid");
        CHECK(f.status == Status::fail);
        CHECK(f.evidence["reason"] == "ds-mismatch");
    }
    SUBCASE("a lookup error without bogus is an error") {
        Zone z;
        z.signed_zone();
        z.error("www.example.test", "AAAA", "dns-error");
        const auto f = z.one("dnssec.valid");
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "probe-dns-error");
    }
    SUBCASE("unsigned zone") {
        Zone z;
        z.unsigned_zone();
        CHECK(z.one("dnssec.valid").status == Status::not_applicable);
        CHECK(z.one("dnssec.valid").outcome == "unsigned");
    }
    SUBCASE("signed zone with an answer leading into unsigned data") {
        Zone z;
        z.signed_zone();
        z.answer("www.example.test", "A", "insecure",
                 {rr("www.example.test", "CNAME", "cdn.example.net"), rr("cdn.example.net", "A", "198.51.100.9")});
        const auto f = z.one("dnssec.valid");
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "partly-insecure");
        CHECK(f.evidence["insecure"] == nlohmann::json::array({"A www.example.test"}));
    }
    SUBCASE("a secure NXDOMAIN for www is fine") {
        Zone z;
        z.signed_zone();
        z.answer("www.example.test", "A", "secure", {}, {rr("example.test", "SOA", k_soa)}, "NXDOMAIN");
        z.answer("www.example.test", "AAAA", "secure", {}, {rr("example.test", "SOA", k_soa)}, "NXDOMAIN");
        CHECK(z.one("dnssec.valid").status == Status::pass);
    }
}

TEST_CASE("dnssec.algorithms: every outcome") {
    auto with = [](const std::vector<std::string>& keys, const std::vector<std::string>& ds) {
        Zone z;
        z.signed_zone();
        std::vector<facts::DnsRecord> key_records, ds_records;
        for (const auto& k : keys) key_records.push_back(rr("example.test", "DNSKEY", k));
        for (const auto& d : ds) ds_records.push_back(rr("example.test", "DS", d));
        z.answer("example.test", "DNSKEY", "secure", key_records);
        z.answer("example.test", "DS", "secure", ds_records);
        return z.one("dnssec.algorithms");
    };
    auto f = with({k_ksk13, k_zsk15}, {k_ds13});
    CHECK(f.status == Status::pass);
    CHECK(f.outcome == "recommended-algorithms");
    CHECK(f.evidence["worst"] == "acceptable");

    f = with({"257 3 5 AQID", "256 3 5 AQID"}, {"1 5 2 ABCD"});
    CHECK(f.status == Status::warn);
    CHECK(f.outcome == "not-recommended-algorithm");
    CHECK(f.summary.find("DNSKEY algorithm 5 (RSASHA1)") != std::string::npos);
    CHECK(f.evidence["dnskeys"][0]["grade"] == "not-recommended");

    f = with({k_ksk13}, {k_ds13, "19794 13 1 ABCD"});
    CHECK(f.status == Status::warn);
    CHECK(f.summary.find("DS digest type 1 (SHA-1)") != std::string::npos);

    f = with({k_ksk13, "256 3 12 AQID"}, {"19794 13 3 ABCD", "19794 13 1 ABCD"});
    CHECK(f.status == Status::fail);
    CHECK(f.outcome == "forbidden-algorithm");
    CHECK(f.summary.find("DNSKEY algorithm 12 (ECC-GOST)") != std::string::npos);

    f = with({"257 3 253 AQID"}, {"1 253 2 ABCD"});
    CHECK(f.status == Status::warn);
    CHECK(f.outcome == "unknown-algorithm");

    Zone u;
    u.unsigned_zone();
    CHECK(u.one("dnssec.algorithms").status == Status::not_applicable);
    CHECK(u.one("dnssec.algorithms").outcome == "unsigned");
}

TEST_CASE("dnssec.nsec3: every outcome") {
    auto with_param = [](const std::string& param) {
        Zone z;
        z.signed_zone();
        z.answer("example.test", "NSEC3PARAM", "secure", {rr("example.test", "NSEC3PARAM", param)});
        return z.one("dnssec.nsec3");
    };
    Zone nsec;
    nsec.signed_zone();
    auto f = nsec.one("dnssec.nsec3");
    CHECK(f.status == Status::pass);
    CHECK(f.outcome == "nsec");

    f = with_param("1 0 0 -");
    CHECK(f.status == Status::pass);
    CHECK(f.outcome == "nsec3-recommended");
    CHECK(f.evidence["source"] == "NSEC3PARAM");

    f = with_param("1 0 50 ABCD");
    CHECK(f.status == Status::warn);
    CHECK(f.outcome == "nsec3-iterations");
    CHECK(f.summary == "example.test uses NSEC3 with 50 extra iterations and a salt (RFC 9276: 0 iterations, no salt)");

    f = with_param("1 0 0 ABCD");
    CHECK(f.status == Status::warn);
    CHECK(f.outcome == "nsec3-salt");

    f = with_param("1 0 100 -");
    CHECK(f.status == Status::warn);
    f = with_param("1 0 101 -");
    CHECK(f.status == Status::fail);
    CHECK(f.outcome == "nsec3-excessive-iterations");

    Zone from_denial;
    from_denial.signed_zone();
    from_denial.answer("example.test", "NSEC3PARAM", "secure", {},
                       {rr("example.test", "SOA", k_soa),
                        rr("ABCDEF.example.test", "NSEC3", "1 1 5 - GHIJKL A NS SOA RRSIG DNSKEY")});
    f = from_denial.one("dnssec.nsec3");
    CHECK(f.status == Status::warn);
    CHECK(f.evidence["source"] == "NSEC3 records of a negative answer");
    CHECK(f.evidence["opt_out"] == true);

    Zone unseen;
    unseen.signed_zone();
    unseen.answer("example.test", "NSEC3PARAM", "secure", {}, {rr("example.test", "SOA", k_soa)});
    f = unseen.one("dnssec.nsec3");
    CHECK(f.status == Status::error);
    CHECK(f.outcome == "denial-not-seen");

    Zone u;
    u.unsigned_zone();
    CHECK(u.one("dnssec.nsec3").status == Status::not_applicable);
}

TEST_CASE("dnssec: the verdicts take any zone and check id (the mail family's dnssec.mx.*)") {
    Zone z("mx1.mail.test");
    z.target.host = "example.test";  // the target is another domain: the zone is a parameter
    z.signed_zone("mail.test");
    for (const char* type : {"A", "AAAA"})
        z.answer("mx1.mail.test", type, "secure", {rr("mx1.mail.test", type, type[1] ? "2001:db8::25" : "198.51.100.25")});
    const facts::TargetFacts view(z.target, z.context, z.store, facts::FactsMode::replay);
    const checks::dnssec::ZoneSubject subject{"dnssec.mx.valid", "mail.test", {"mx1.mail.test"}};
    const auto f = checks::dnssec::judge_valid(view, subject);
    CHECK(f.check_id == "dnssec.mx.valid");
    CHECK(f.subject == "mail.test");
    CHECK(f.status == Status::pass);
    CHECK(checks::dnssec::judge_signed(view, {"dnssec.mx.signed", "mail.test", {}}).outcome == "signed");
}
