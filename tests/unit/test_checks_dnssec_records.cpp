// DNSSEC record parsers, key tags (RFC 4034 Appendix B) and the RFC 8624 grades.
#include <doctest/doctest.h>

#include "checks/dnssec/algorithms.hpp"
#include "checks/dnssec/dnssec_records.hpp"

using namespace osescan::checks::dnssec;

TEST_CASE("dnssec records: DNSKEY with key tags computed as ldns-keygen reports them") {
    // ldns-keygen -a ECDSAP256SHA256 -k example.test: "id = 19794 (ksk)".
    const auto ksk = parse_dnskey(
        "257 3 13 a3W5yyEy5E4jLgFYzpwRaZZqWzH4s/sYaYiu3OqlLX7dtRrt4dVUjw+xPeicebM+JPV+Pf7MnQI2OiRHamszuw==");
    REQUIRE(ksk);
    CHECK(ksk->flags == 257);
    CHECK(ksk->protocol == 3);
    CHECK(ksk->algorithm == 13);
    CHECK(ksk->key_bytes == 64);
    CHECK(ksk->key_tag == 19794);
    CHECK(ksk->role() == "KSK");
    // ldns-keygen -a ED25519 example.test: "id = 56114 (zsk)".
    const auto zsk = parse_dnskey("256 3 15 pNyIxcTgb9QoDIajpn1IQPzVcUbxGkopm5divz4n8X8=");
    REQUIRE(zsk);
    CHECK(zsk->key_tag == 56114);
    CHECK(zsk->role() == "ZSK");
    // RFC 4034 §5.4's example key (RSASHA1): key id 60485.
    const auto rfc = parse_dnskey(
        "256 3 5 AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxe"
        "gXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==");
    REQUIRE(rfc);
    CHECK(rfc->key_tag == 60485);
    // RFC 4034 Appendix B.1: RSAMD5 uses the modulus' low bits.
    const auto md5 = parse_dnskey("256 3 1 AQIDBAUG");  // key bytes 01 02 03 04 05 06
    REQUIRE(md5);
    CHECK(md5->key_tag == 0x0405);
    CHECK(parse_dnskey("0 3 8 AQID")->role() == "not a zone key");
}

TEST_CASE("dnssec records: malformed DNSKEY and DS text is rejected, bad base64 keeps the record") {
    CHECK_FALSE(parse_dnskey(""));
    CHECK_FALSE(parse_dnskey("257 3 13"));
    CHECK_FALSE(parse_dnskey("257 3 13 AAAA extra"));
    CHECK_FALSE(parse_dnskey("65536 3 13 AAAA"));
    CHECK_FALSE(parse_dnskey("257 3 256 AAAA"));
    CHECK_FALSE(parse_dnskey("-1 3 13 AAAA"));
    CHECK_FALSE(parse_dnskey("\\# 4 01020304"));
    const auto bad_key = parse_dnskey("257 3 13 not*base64");
    REQUIRE(bad_key);
    CHECK_FALSE(bad_key->key_tag.has_value());

    const auto ds = parse_ds("19794 13 2 BB6F2D048FC85C3439CD52111A200AF095CDE25588DA97E3F11FBC91DDAFA2F6");
    REQUIRE(ds);
    CHECK(ds->key_tag == 19794);
    CHECK(ds->algorithm == 13);
    CHECK(ds->digest_type == 2);
    CHECK(ds->digest_bytes == 32);
    CHECK_FALSE(parse_ds("19794 13 2"));
    CHECK_FALSE(parse_ds("19794 13 2 ABC"));   // odd number of hex digits
    CHECK_FALSE(parse_ds("19794 13 2 XYZW"));
    CHECK_FALSE(parse_ds("70000 13 2 ABCD"));
}

TEST_CASE("dnssec records: base64 per RFC 4648, padding only at the end") {
    CHECK(decode_base64("AQID") == std::vector<uint8_t>{1, 2, 3});
    CHECK(decode_base64("AQI=") == std::vector<uint8_t>{1, 2});
    CHECK(decode_base64("AQ==") == std::vector<uint8_t>{1});
    CHECK_FALSE(decode_base64(""));
    CHECK_FALSE(decode_base64("AQI"));
    CHECK_FALSE(decode_base64("A==="));
    CHECK_FALSE(decode_base64("AQ==AQID"));
    CHECK_FALSE(decode_base64("A=QI"));
    CHECK_FALSE(decode_base64("AQ I"));
}

TEST_CASE("dnssec records: NSEC3PARAM and NSEC3 parameters") {
    CHECK(parse_nsec3_parameters("1 0 0 -") == Nsec3Parameters{1, 0, 0, ""});
    CHECK(parse_nsec3_parameters("1 0 50 abcd") == Nsec3Parameters{1, 0, 50, "ABCD"});
    const auto nsec3 = parse_nsec3_parameters("1 1 10 AABB 2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3S A RRSIG");
    REQUIRE(nsec3);
    CHECK(nsec3->iterations == 10);
    CHECK(nsec3->salt == "AABB");
    CHECK(nsec3->opt_out());
    CHECK_FALSE(parse_nsec3_parameters("1 0 0"));
    CHECK_FALSE(parse_nsec3_parameters("1 0 65536 -"));
    CHECK_FALSE(parse_nsec3_parameters("1 0 x -"));
    CHECK_FALSE(parse_nsec3_parameters("1 0 0 ABC"));
}

TEST_CASE("dnssec algorithms: RFC 8624 grades") {
    for (int n : {8, 13, 14, 15, 16}) CHECK(signing_algorithm(n).grade == AlgorithmGrade::acceptable);
    for (int n : {5, 7, 10}) CHECK(signing_algorithm(n).grade == AlgorithmGrade::not_recommended);
    for (int n : {1, 3, 6, 12}) CHECK(signing_algorithm(n).grade == AlgorithmGrade::must_not);
    for (int n : {0, 2, 4, 9, 11, 17, 253, 254, 255}) CHECK(signing_algorithm(n).grade == AlgorithmGrade::unknown);
    CHECK(signing_algorithm(13).name == "ECDSAP256SHA256");
    CHECK(signing_algorithm(200).name == "ALG200");
    CHECK(ds_digest_algorithm(2).grade == AlgorithmGrade::acceptable);
    CHECK(ds_digest_algorithm(4).grade == AlgorithmGrade::acceptable);
    CHECK(ds_digest_algorithm(1).grade == AlgorithmGrade::not_recommended);
    CHECK(ds_digest_algorithm(3).grade == AlgorithmGrade::must_not);
    CHECK(ds_digest_algorithm(0).grade == AlgorithmGrade::must_not);
    CHECK(ds_digest_algorithm(9).grade == AlgorithmGrade::unknown);
    CHECK(worse_grade(AlgorithmGrade::unknown, AlgorithmGrade::not_recommended) == AlgorithmGrade::not_recommended);
    CHECK(worse_grade(AlgorithmGrade::must_not, AlgorithmGrade::unknown) == AlgorithmGrade::must_not);
    CHECK(worse_grade(AlgorithmGrade::acceptable, AlgorithmGrade::unknown) == AlgorithmGrade::unknown);
    CHECK(grade_name(AlgorithmGrade::not_recommended) == "not-recommended");
}
