// The VRP JSON loader: rpki-client / Routinator shapes, both ASN forms, optional
// maxLength, metadata times, and every kind of malformed file (rejected with a message
// that names the entry).
#include <doctest/doctest.h>

#include "engine/rpki/vrp_json.hpp"

using namespace osescan;
using engine::rpki::parse_vrp_json;
using engine::rpki::VrpEntry;
using engine::rpki::VrpFileInfo;
using engine::rpki::VrpJsonError;

namespace {

VrpEntry vrp(const std::string& prefix, int max_length, uint32_t asn) {
    auto parsed = facts::parse_ip_prefix(prefix);
    REQUIRE(parsed);
    return VrpEntry{*parsed, max_length, asn};
}

std::string error_of(const std::string& text) {
    try {
        parse_vrp_json(text);
    } catch (const VrpJsonError& e) {
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

TEST_CASE("vrp json: rpki-client format with metadata and extra members") {
    const std::string text = R"({
      "metadata": {"buildmachine": "rp.example", "buildtime": "2024-01-02T03:04:05Z", "roas": 3},
      "roas": [
        {"asn": "AS64500", "prefix": "198.51.100.0/24", "maxLength": 24, "ta": "ripe", "expires": 1704067200},
        {"asn": 64501, "prefix": "2001:db8::/32", "maxLength": 48, "ta": "arin"},
        {"asn": "as64502", "prefix": "203.0.113.0/24", "ta": "apnic"},
        {"asn": "4294967295", "prefix": "0.0.0.0/0", "maxLength": 32}
      ],
      "aspas": [{"customer_asid": 64500, "providers": [64501]}],
      "bgpsec_keys": []
    })";
    VrpFileInfo info;
    const auto entries = parse_vrp_json(text, &info);
    const std::vector<VrpEntry> expected{vrp("198.51.100.0/24", 24, 64500), vrp("2001:db8::/32", 48, 64501),
                                         vrp("203.0.113.0/24", 24, 64502), vrp("0.0.0.0/0", 32, 4294967295u)};
    CHECK(entries == expected);
    CHECK(info.entries == 4);
    REQUIRE(info.generated);
    CHECK(*info.generated == 1704164645);  // 2024-01-02T03:04:05Z
}

TEST_CASE("vrp json: Routinator metadata 'generated' wins over the ISO time") {
    VrpFileInfo info;
    parse_vrp_json(R"({"metadata":{"generated":1626853335,"generatedTime":"2000-01-01T00:00:00Z"},)"
                   R"("roas":[{"asn":"AS1","prefix":"10.0.0.0/8","maxLength":8,"ta":"x"}]})",
                   &info);
    REQUIRE(info.generated);
    CHECK(*info.generated == 1626853335);
    parse_vrp_json(R"({"roas":[{"asn":"AS1","prefix":"10.0.0.0/8"}]})", &info);
    CHECK_FALSE(info.generated);
}

TEST_CASE("vrp json: escapes, unicode and whitespace are read like any JSON") {
    const auto entries = parse_vrp_json(
        "\r\n\t{ \"ro\\u0061s\" : [ { \"prefix\" : \"198.51.100.0\\/24\", \"asn\" : \"AS64500\", "
        "\"ta\": \"\\u00e9\\ud83d\\ude00\\\"\\\\\" } ] } \n");
    CHECK(entries == std::vector<VrpEntry>{vrp("198.51.100.0/24", 24, 64500)});
}

TEST_CASE("vrp json: malformed files are rejected with a clear message") {
    CHECK(error_of("") == "malformed JSON at byte 0: unexpected end of input");
    CHECK(error_of("[]") == "malformed JSON at byte 0: expected a JSON object with a \"roas\" array");
    CHECK(error_of("{}") == "no \"roas\" array (expected rpki-client or Routinator JSON)");
    CHECK(error_of(R"({"roas": []})") == "the \"roas\" array is empty: no VRPs to validate against");
    CHECK(error_of(R"({"roas": {}})") == "malformed JSON at byte 9: \"roas\" is not an array");
    CHECK(error_of(R"({"roas": [{"asn": 1, "prefix": "10.0.0.0/8"},]})") ==
          "malformed JSON at byte 45: unexpected character");
    CHECK(error_of(R"({"roas": [{"asn": 1, "prefix": "10.0.0.0/8"}]} x)") ==
          "malformed JSON at byte 47: data after the JSON object");
    CHECK(error_of(R"({"roas": [{"asn": 1, "prefix": "10.0.0.0/8"})") ==
          "malformed JSON at byte 44: unexpected end of input");
    CHECK(error_of(R"({"roas": [{"asn": 01, "prefix": "10.0.0.0/8"}]})") ==
          "malformed JSON at byte 18: number with a leading zero");
    CHECK(error_of("{\"roas\": [{\"ta\": \"a\nb\"}]}") == "malformed JSON at byte 19: control character in a string");
    CHECK(error_of(R"({"roas": [{"ta": "\x"}]})") == "malformed JSON at byte 20: invalid escape");
    CHECK(error_of(R"({"roas": [{"asn": 1e5, "x": -, "prefix": "10.0.0.0/8"}]})") ==
          "malformed JSON at byte 28: invalid number");
    CHECK(error_of(R"({"roas": [{"ta": "\ud800"}]})") == "malformed JSON at byte 24: lone high surrogate");
    CHECK(error_of(R"({"roas": [], "roas": []})") == "malformed JSON at byte 20: duplicate \"roas\" member");
    CHECK(error_of(R"({"roas": [{"asn": tru}]})") == "malformed JSON at byte 18: invalid literal");
    CHECK(error_of(std::string(10000, '[')) == "malformed JSON at byte 0: expected a JSON object with a \"roas\" array");
    std::string deep = R"({"x": )" + std::string(100, '[') + std::string(100, ']') + "}";
    CHECK(error_of(deep) == "malformed JSON at byte 70: nesting deeper than 64");
}

TEST_CASE("vrp json: malformed entries reject the file, naming their index") {
    CHECK(error_of(R"({"roas": [{"asn": "AS1", "prefix": "10.0.0.0/8"}, {"asn": "ASx", "prefix": "10.0.0.0/8"}]})") ==
          "1 malformed VRP entry (the file is rejected): roas[1]: \"asn\" \"ASx\" is not an AS number");
    CHECK(error_of(R"({"roas": [{"asn": 4294967296, "prefix": "10.0.0.0/8"}]})") ==
          "1 malformed VRP entry (the file is rejected): roas[0]: \"asn\" \"4294967296\" is not an AS number");
    CHECK(error_of(R"({"roas": [{"asn": -1, "prefix": "10.0.0.0/8"}]})") ==
          "1 malformed VRP entry (the file is rejected): roas[0]: \"asn\" \"-1\" is not an AS number");
    CHECK(error_of(R"({"roas": [{"asn": null, "prefix": "10.0.0.0/8"}]})") ==
          "1 malformed VRP entry (the file is rejected): roas[0]: \"asn\" is neither a string nor a number");
    CHECK(error_of(R"({"roas": [{"prefix": "10.0.0.0/8"}]})") ==
          "1 malformed VRP entry (the file is rejected): roas[0]: no \"asn\"");
    CHECK(error_of(R"({"roas": [{"asn": 1}]})") == "1 malformed VRP entry (the file is rejected): roas[0]: no \"prefix\"");
    CHECK(error_of(R"({"roas": [{"asn": 1, "prefix": "10.0.0.1/8"}]})") ==
          "1 malformed VRP entry (the file is rejected): roas[0]: \"prefix\" \"10.0.0.1/8\" is not an IP prefix "
          "without host bits");
    CHECK(error_of(R"({"roas": [{"asn": 1, "prefix": 10}]})") ==
          "1 malformed VRP entry (the file is rejected): roas[0]: \"prefix\" is not a string");
    CHECK(error_of(R"({"roas": [{"asn": 1, "prefix": "10.0.0.0/8", "maxLength": 7}]})") ==
          "1 malformed VRP entry (the file is rejected): roas[0]: maxLength 7 outside /8 to /32");
    CHECK(error_of(R"({"roas": [{"asn": 1, "prefix": "10.0.0.0/8", "maxLength": 33}]})") ==
          "1 malformed VRP entry (the file is rejected): roas[0]: maxLength 33 outside /8 to /32");
    CHECK(error_of(R"({"roas": [{"asn": 1, "prefix": "2001:db8::/32", "maxLength": 129}]})") ==
          "1 malformed VRP entry (the file is rejected): roas[0]: \"maxLength\" \"129\" is not an integer from 0 to "
          "128");
    CHECK(error_of(R"({"roas": [{"asn": 1, "prefix": "10.0.0.0/8", "maxLength": 24.0}]})") ==
          "1 malformed VRP entry (the file is rejected): roas[0]: \"maxLength\" \"24.0\" is not an integer from 0 to "
          "128");
    CHECK(error_of(R"({"roas": [{"asn": 1, "prefix": "10.0.0.0/8", "maxLength": "24"}]})") ==
          "1 malformed VRP entry (the file is rejected): roas[0]: \"maxLength\" is not a number");
    CHECK(error_of(R"({"roas": [{"asn": 1, "asn": 2, "prefix": "10.0.0.0/8"}]})") ==
          "1 malformed VRP entry (the file is rejected): roas[0]: duplicate \"asn\"");
    CHECK(error_of(R"({"roas": [["AS1", "10.0.0.0/8"]]})") ==
          "1 malformed VRP entry (the file is rejected): roas[0]: not an object");
    // Many bad entries: counted, the first three named.
    std::string many = R"({"roas": [)";
    for (int i = 0; i < 5; ++i) many += R"({"asn": 1, "prefix": "bad"},)";
    many += R"({"asn": 1, "prefix": "10.0.0.0/8"}]})";
    CHECK(error_of(many) ==
          "5 malformed VRP entries (the file is rejected): roas[0]: \"prefix\" \"bad\" is not an IP prefix without "
          "host bits; roas[1]: \"prefix\" \"bad\" is not an IP prefix without host bits; roas[2]: \"prefix\" \"bad\" "
          "is not an IP prefix without host bits");
}

TEST_CASE("vrp json: untrusted text in messages is bounded and printable") {
    const std::string long_asn = std::string(100, 'A');
    const std::string message = error_of(R"({"roas": [{"asn": ")" + long_asn + "\x01" + R"(", "prefix": "10.0.0.0/8"}]})");
    CHECK(message == "malformed JSON at byte 119: control character in a string");
    const std::string bounded = error_of(R"({"roas": [{"asn": ")" + long_asn + R"(", "prefix": "10.0.0.0/8"}]})");
    CHECK(bounded == "1 malformed VRP entry (the file is rejected): roas[0]: \"asn\" \"" + std::string(64, 'A') +
                         "...\" is not an AS number");
}

TEST_CASE("vrp json: ISO 8601 times") {
    using engine::rpki::parse_iso8601_utc;
    CHECK(parse_iso8601_utc("1970-01-01T00:00:00Z") == 0);
    CHECK(parse_iso8601_utc("2024-02-29T12:00:00.123Z") == 1709208000);
    CHECK(parse_iso8601_utc("2024-02-29T12:00:00+00:00") == 1709208000);
    CHECK_FALSE(parse_iso8601_utc("2024-02-29 12:00:00Z"));
    CHECK_FALSE(parse_iso8601_utc("2024-13-01T00:00:00Z"));
    CHECK_FALSE(parse_iso8601_utc("2024-01-01T00:00:00+01:00"));
    CHECK_FALSE(parse_iso8601_utc("yesterday"));
}
