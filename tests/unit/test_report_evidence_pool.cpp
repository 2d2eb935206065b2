#include <doctest/doctest.h>

#include <string>

#include "report/evidence_pool.hpp"
#include "report/json_report.hpp"

using namespace osescan;
using nlohmann::json;

namespace {
// The evidence as its check gave it: every reference replaced by its pool entry.
json resolve(const json& value, const json& pool, int depth = 0) {
    REQUIRE(depth < 16);  // a reference cycle would never end
    if (value.is_object() && value.size() == 1 && value.contains("$pool"))
        return resolve(pool.at(value["$pool"].get<size_t>()), pool, depth + 1);
    if (!value.is_structured()) return value;
    json out = value;
    for (auto it = out.begin(); it != out.end(); ++it) *it = resolve(*it, pool, depth);
    return out;
}

json finding(const std::string& subject, json evidence) {
    return {{"check_id", "tls.version"}, {"subject", subject}, {"evidence", std::move(evidence)}};
}

const json k_chain = json::parse(R"([
    {"position":0,"role":"leaf","certificate":{"subject":"CN=example.com","issuer":"CN=CA","sha256":"14753415d3d398102708ccd159c735059a573efa83fe73f37c851b76efb77823"}},
    {"position":1,"role":"intermediate","certificate":{"subject":"CN=CA","issuer":"CN=Root","sha256":"d66a0109a65854bc634bf3f82e0613996806cea7bd77363d3def19b5201e3d3a"}}])");
}  // namespace

TEST_CASE("evidence pool: a value two findings carry is written once and resolves to it") {
    json findings = json::array({finding("198.51.100.10", {{"endpoint", "198.51.100.10:443"}, {"chain", k_chain}}),
                                 finding("2001:db8::10", {{"endpoint", "[2001:db8::10]:443"}, {"chain", k_chain}})});
    const json original = findings;
    const json pool = report::pool_repeated_evidence(findings);
    REQUIRE(pool.size() == 1);
    CHECK(pool[0] == k_chain);  // the chain's certificates occur once each: not pooled apart
    CHECK(findings[0]["evidence"]["chain"] == json{{"$pool", 0}});
    CHECK(findings[1]["evidence"]["chain"] == json{{"$pool", 0}});
    // Scalars stay in place, and every finding resolves to exactly its evidence.
    CHECK(findings[1]["evidence"]["endpoint"] == "[2001:db8::10]:443");
    for (size_t i = 0; i < findings.size(); ++i)
        CHECK(resolve(findings[i]["evidence"], pool) == original[i]["evidence"]);
}

TEST_CASE("evidence pool: small values, values seen once and whole evidence objects stay in place") {
    const json small = json::array({"TLSv1.3", "TLSv1.2"});  // under k_pool_min_bytes
    const json once = json{{"note", std::string(100, 'x')}};
    const json same = {{"accepted", small}, {"detail", std::string(80, 'y')}};
    json findings = json::array({finding("a", {{"accepted", small}, {"once", once}, {"same", json::object()}}),
                                 finding("b", {{"accepted", small}}), finding("c", same), finding("d", same)});
    const json original = findings;
    REQUIRE(once.dump().size() >= report::k_pool_min_bytes);
    REQUIRE(small.dump().size() < report::k_pool_min_bytes);
    const json pool = report::pool_repeated_evidence(findings);
    CHECK(pool.empty());
    CHECK(findings == original);  // c and d are equal as a whole: an evidence object is never pooled
}

TEST_CASE("evidence pool: an entry may refer to other entries, a value once however often it is nested") {
    // The leaf's identity repeats inside two different lists (two checks) that each repeat
    // on two addresses: the lists are pooled, and inside their entries the identity.
    const json identity = k_chain[0]["certificate"];
    const json validity = json::array({{{"position", 0}, {"certificate", identity}, {"days_left", 89}}});
    const json key = json::array({{{"position", 0}, {"certificate", identity}, {"key_bits", 256}}});
    json findings =
        json::array({finding("v4", {{"certificates", validity}}), finding("v6", {{"certificates", validity}}),
                     finding("v4", {{"certificates", key}}), finding("v6", {{"certificates", key}})});
    const json original = findings;
    const json pool = report::pool_repeated_evidence(findings);
    REQUIRE(pool.size() == 3);
    CHECK(pool[1] == identity);
    CHECK(pool[0][0]["certificate"] == json{{"$pool", 1}});
    CHECK(pool[2][0]["certificate"] == json{{"$pool", 1}});
    CHECK(findings[2]["evidence"]["certificates"] == json{{"$pool", 2}});
    for (size_t i = 0; i < findings.size(); ++i)
        CHECK(resolve(findings[i]["evidence"], pool) == original[i]["evidence"]);
}

TEST_CASE("evidence pool: the JSON report's targets carry it, the findings refer to it") {
    checks::TargetResult result;
    result.target = facts::Target{"example.com", "example.com", false, 443, "/"};
    const json chain_json = k_chain;
    for (const char* subject : {"198.51.100.10", "2001:db8::10"})
        result.findings.push_back(checks::Finding{"tls.certificate.trust", subject, checks::Status::pass, "trusted",
                                                  "trusted", json{{"chain", chain_json}}});
    const json target = report::target_result_to_json(result);
    REQUIRE(target.contains("evidence_pool"));
    CHECK(target["evidence_pool"] == json::array({chain_json}));
    CHECK(target["findings"][1]["evidence"]["chain"] == json{{"$pool", 0}});
    // The model keeps the evidence whole: the text, HTML, SARIF and JUnit reports show it so.
    CHECK(result.findings[1].evidence["chain"] == chain_json);
}
