// The SCT list parser (RFC 6962 section 3.3): well-formed lists, and bounds on bad ones.
#include <doctest/doctest.h>

#include <vector>

#include "engine/tls/sct_list.hpp"

using namespace osescan::engine::tls;

namespace {
std::vector<uint8_t> v1_sct(uint8_t log, uint64_t timestamp, size_t signature_bytes = 4) {
    std::vector<uint8_t> out{0};  // v1
    out.insert(out.end(), 32, log);
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(timestamp >> shift));
    out.insert(out.end(), {0, 0});  // no extensions
    out.insert(out.end(), {4, 3});  // sha256, ecdsa
    out.push_back(static_cast<uint8_t>(signature_bytes >> 8));
    out.push_back(static_cast<uint8_t>(signature_bytes));
    out.insert(out.end(), signature_bytes, 0x55);
    return out;
}

std::vector<uint8_t> list_of(const std::vector<std::vector<uint8_t>>& scts) {
    std::vector<uint8_t> body;
    for (const auto& sct : scts) {
        body.push_back(static_cast<uint8_t>(sct.size() >> 8));
        body.push_back(static_cast<uint8_t>(sct.size()));
        body.insert(body.end(), sct.begin(), sct.end());
    }
    // Byte by byte: GCC 12 at -O2 warns falsely (-Warray-bounds) on inserting a range here.
    std::vector<uint8_t> out;
    out.reserve(body.size() + 2);
    out.push_back(static_cast<uint8_t>(body.size() >> 8));
    out.push_back(static_cast<uint8_t>(body.size()));
    for (uint8_t byte : body) out.push_back(byte);
    return out;
}
}  // namespace

TEST_CASE("SCT list: two v1 SCTs") {
    const auto list = list_of({v1_sct(0xab, 1749945600123), v1_sct(0x01, 5)});
    const auto parsed = parse_sct_list(list.data(), list.size(), "certificate");
    REQUIRE(parsed);
    REQUIRE(parsed->size() == 2);
    CHECK((*parsed)[0].log_id.substr(0, 4) == "abab");
    CHECK((*parsed)[0].log_id.size() == 64);
    CHECK((*parsed)[0].timestamp_ms == 1749945600123);
    CHECK((*parsed)[0].version == 0);
    CHECK((*parsed)[1].source == "certificate");
}

TEST_CASE("SCT list: unknown versions kept without a log id; malformed SCTs skipped; bad framing rejected") {
    std::vector<uint8_t> v2{1, 2, 3};
    std::vector<uint8_t> truncated = v1_sct(1, 1);
    truncated.pop_back();
    const auto list = list_of({v2, truncated, v1_sct(2, 2)});
    const auto parsed = parse_sct_list(list.data(), list.size(), "ocsp");
    REQUIRE(parsed);
    REQUIRE(parsed->size() == 2);
    CHECK((*parsed)[0].version == 1);
    CHECK((*parsed)[0].log_id.empty());
    CHECK((*parsed)[1].log_id.substr(0, 2) == "02");

    std::vector<uint8_t> short_list = list;
    short_list.pop_back();
    CHECK_FALSE(parse_sct_list(short_list.data(), short_list.size(), "ocsp"));
    std::vector<uint8_t> trailing = list;
    trailing.push_back(0);
    CHECK_FALSE(parse_sct_list(trailing.data(), trailing.size(), "ocsp"));
    CHECK_FALSE(parse_sct_list(nullptr, 0, "ocsp"));
    std::vector<uint8_t> extra = v1_sct(1, 1);
    extra.push_back(0);
    CHECK_FALSE(parse_sct(extra.data(), extra.size(), "tls-extension"));
}

TEST_CASE("SCT list: at most k_max_scts kept") {
    std::vector<std::vector<uint8_t>> many(k_max_scts + 5, v1_sct(7, 7, 0));
    const auto list = list_of(many);
    const auto parsed = parse_sct_list(list.data(), list.size(), "certificate");
    REQUIRE(parsed);
    CHECK(parsed->size() == k_max_scts);
}
