// The DNS response parser on hand-built messages (RFC 1035 §4): every record type the
// project prints, compression, truncation and malformed input.

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/dns/dns_message.hpp"
#include "engine/dns/presentation.hpp"
#include "engine/dns/rr_types.hpp"

using osescan::engine::dns::DnsMessageError;
using osescan::engine::dns::parse_dns_response;
using osescan::facts::DnsAnswer;
using osescan::facts::DnsRecord;

namespace {

// A little wire-format writer for building test messages by hand.
struct Wire {
    std::vector<uint8_t> bytes;

    Wire& u8(unsigned value) {
        bytes.push_back(static_cast<uint8_t>(value));
        return *this;
    }
    Wire& u16(unsigned value) { return u8(value >> 8).u8(value & 0xFF); }
    Wire& u32(uint32_t value) { return u16(value >> 16).u16(value & 0xFFFF); }
    Wire& raw(std::string_view text) {
        bytes.insert(bytes.end(), text.begin(), text.end());
        return *this;
    }
    Wire& raw(std::initializer_list<unsigned> values) {
        for (unsigned v : values) u8(v);
        return *this;
    }
    Wire& append(const Wire& other) {
        bytes.insert(bytes.end(), other.bytes.begin(), other.bytes.end());
        return *this;
    }
    // Uncompressed name from dotted labels ("" = root).
    Wire& name(std::string_view dotted) {
        while (!dotted.empty()) {
            const size_t dot = dotted.find('.');
            const std::string_view label = dotted.substr(0, dot);
            u8(static_cast<unsigned>(label.size())).raw(label);
            dotted = dot == std::string_view::npos ? std::string_view{} : dotted.substr(dot + 1);
        }
        return u8(0);
    }
    Wire& pointer(unsigned offset) { return u16(0xC000 | offset); }
    // TYPE CLASS TTL RDLENGTH RDATA after an owner name already written.
    Wire& record_tail(unsigned type, uint32_t ttl, const Wire& rdata) {
        u16(type).u16(1).u32(ttl).u16(static_cast<unsigned>(rdata.bytes.size()));
        return append(rdata);
    }
};

constexpr unsigned k_qname_offset = 12;  // the question name right after the header

// Header + question "example.com" (type A), then the caller's records.
Wire response(unsigned flags, unsigned ancount, unsigned nscount = 0, unsigned arcount = 0) {
    Wire w;
    w.u16(0x1234).u16(flags).u16(1).u16(ancount).u16(nscount).u16(arcount);
    w.name("example.com").u16(1).u16(1);
    return w;
}

DnsAnswer parse_ok(const Wire& w) {
    auto result = parse_dns_response(w.bytes);
    if (auto* error = std::get_if<DnsMessageError>(&result)) FAIL("unexpected parse error: " << error->reason);
    return std::get<DnsAnswer>(result);
}

std::string parse_error(const Wire& w) {
    auto result = parse_dns_response(w.bytes);
    REQUIRE(std::holds_alternative<DnsMessageError>(result));
    return std::get<DnsMessageError>(result).reason;
}

// One answer record of `type` owned by example.com (compressed), parsed.
DnsRecord single(unsigned type, const Wire& rdata) {
    Wire w = response(0x8180, 1);
    w.pointer(k_qname_offset).record_tail(type, 3600, rdata);
    DnsAnswer answer = parse_ok(w);
    REQUIRE(answer.answer.size() == 1);
    CHECK(answer.answer[0].name == "example.com");
    CHECK(answer.answer[0].ttl == 3600);
    return answer.answer[0];
}

std::string data_of(unsigned type, const Wire& rdata) { return single(type, rdata).data; }

}  // namespace

TEST_CASE("rr_types: mnemonics and RFC 3597 numbers") {
    using osescan::engine::dns::rr_type_name;
    using osescan::engine::dns::rr_type_number;
    CHECK(rr_type_name(1) == "A");
    CHECK(rr_type_name(28) == "AAAA");
    CHECK(rr_type_name(257) == "CAA");
    CHECK(rr_type_name(65) == "HTTPS");
    CHECK(rr_type_name(123) == "TYPE123");
    CHECK(rr_type_name(41) == "TYPE41");
    CHECK(rr_type_number("A") == 1);
    CHECK(rr_type_number("txt") == 16);
    CHECK(rr_type_number("NSEC3PARAM") == 51);
    CHECK(rr_type_number("SPF") == 99);
    CHECK(rr_type_number("ANY") == 255);
    CHECK(rr_type_number("TYPE123") == 123);
    CHECK(rr_type_number("type65535") == 65535);
    CHECK(rr_type_number("TYPE1") == 1);
    CHECK_FALSE(rr_type_number("TYPE65536").has_value());
    CHECK_FALSE(rr_type_number("TYPE").has_value());
    CHECK_FALSE(rr_type_number("TYPE-1").has_value());
    CHECK_FALSE(rr_type_number("TYPE12a").has_value());
    CHECK_FALSE(rr_type_number("BOGUS").has_value());
    CHECK_FALSE(rr_type_number("").has_value());
}

TEST_CASE("dns_message: header fields, question skipped, answer and authority") {
    Wire w = response(0x8580, 1, 1);  // QR AA RD RA
    w.pointer(k_qname_offset).record_tail(1, 300, Wire().raw({192, 0, 2, 1}));
    w.pointer(k_qname_offset).record_tail(2, 86400, Wire().name("ns1.example.com"));
    DnsAnswer answer = parse_ok(w);
    CHECK(answer.rcode == "NOERROR");
    CHECK_FALSE(answer.truncated);
    CHECK(answer.security == "unchecked");
    REQUIRE(answer.answer.size() == 1);
    CHECK(answer.answer[0] == DnsRecord{"example.com", "A", 300, "192.0.2.1", {}});
    REQUIRE(answer.authority.size() == 1);
    CHECK(answer.authority[0] == DnsRecord{"example.com", "NS", 86400, "ns1.example.com", {}});
}

TEST_CASE("dns_message: addresses") {
    CHECK(data_of(1, Wire().raw({198, 51, 100, 7})) == "198.51.100.7");
    CHECK(data_of(28, Wire().raw({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})) == "2001:db8::1");
    CHECK(data_of(28, Wire().raw({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1})) == "::ffff:192.0.2.1");
}

TEST_CASE("dns_message: name types, SOA, MX, SRV") {
    CHECK(data_of(2, Wire().name("ns1.example.net")) == "ns1.example.net");
    CHECK(data_of(5, Wire().name("www.example.org")) == "www.example.org");
    CHECK(data_of(12, Wire().name("host.example")) == "host.example");
    CHECK(data_of(6, Wire()
                         .name("ns1.example.com")
                         .name("hostmaster.example.com")
                         .u32(2024010101)
                         .u32(7200)
                         .u32(3600)
                         .u32(1209600)
                         .u32(300)) ==
          "ns1.example.com hostmaster.example.com 2024010101 7200 3600 1209600 300");
    CHECK(data_of(15, Wire().u16(10).name("mx1.example.com")) == "10 mx1.example.com");
    // RFC 7505 null MX: the root is printed as ".".
    CHECK(data_of(15, Wire().u16(0).name("")) == "0 .");
    CHECK(data_of(33, Wire().u16(10).u16(60).u16(5060).name("sip.example.com")) == "10 60 5060 sip.example.com");
}

TEST_CASE("dns_message: TXT and SPF character-strings") {
    SUBCASE("one string") {
        DnsRecord r = single(16, Wire().u8(11).raw("v=spf1 -all"));
        CHECK(r.type == "TXT");
        CHECK(r.data == "\"v=spf1 -all\"");
        CHECK(r.txt == std::vector<std::string>{"v=spf1 -all"});
    }
    SUBCASE("multiple strings are kept apart") {
        DnsRecord r = single(16, Wire().u8(5).raw("hello").u8(6).raw(" world"));
        CHECK(r.data == "\"hello\" \" world\"");
        CHECK(r.txt == std::vector<std::string>{"hello", " world"});
    }
    SUBCASE("an empty string") {
        DnsRecord r = single(16, Wire().u8(0));
        CHECK(r.data == "\"\"");
        CHECK(r.txt == std::vector<std::string>{""});
    }
    SUBCASE("escapes: quote, backslash, control and high bytes") {
        DnsRecord r = single(16, Wire().u8(6).raw({'a', '"', '\\', 0x09, 0xC3, ';'}));
        CHECK(r.data == "\"a\\\"\\\\\\009\\195;\"");
        CHECK(r.txt == std::vector<std::string>{std::string("a\"\\\t\xC3;")});
    }
    SUBCASE("SPF type 99 like TXT") {
        DnsRecord r = single(99, Wire().u8(8).raw("v=spf1 a"));
        CHECK(r.type == "SPF");
        CHECK(r.data == "\"v=spf1 a\"");
        CHECK(r.txt == std::vector<std::string>{"v=spf1 a"});
    }
    SUBCASE("a string longer than its RDATA is printed generically") {
        DnsRecord r = single(16, Wire().u8(5).raw("abc"));
        CHECK(r.data == "\\# 4 05616263");
        CHECK(r.txt.empty());
    }
    SUBCASE("zero strings (RDLENGTH 0) is printed generically") {
        DnsRecord r = single(16, Wire());
        CHECK(r.data == "\\# 0");
        CHECK(r.txt.empty());
    }
}

TEST_CASE("dns_message: CAA") {
    CHECK(data_of(257, Wire().u8(0).u8(5).raw("issue").raw("letsencrypt.org")) == "0 issue \"letsencrypt.org\"");
    CHECK(data_of(257, Wire().u8(128).u8(9).raw("issuewild").raw(";")) == "128 issuewild \";\"");
    CHECK(data_of(257, Wire().u8(0).u8(5).raw("iodef").raw("mailto:a@b")) == "0 iodef \"mailto:a@b\"");
    CHECK(data_of(257, Wire().u8(0).u8(5).raw("issue")) == "0 issue \"\"");
    // Tag of length 0, or not alphanumeric: not CAA's format.
    CHECK(data_of(257, Wire().u8(0).u8(0).raw("x")) == "\\# 3 000078");
    CHECK(data_of(257, Wire().u8(0).u8(2).raw("a-")) == "\\# 4 0002612D");
}

TEST_CASE("dns_message: DNSSEC types") {
    SUBCASE("DS") {
        CHECK(data_of(43, Wire().u16(20326).u8(8).u8(2).raw({0xE0, 0x6D, 0x44, 0xB8})) == "20326 8 2 E06D44B8");
    }
    SUBCASE("DNSKEY") {
        CHECK(data_of(48, Wire().u16(257).u8(3).u8(13).raw("foobar")) == "257 3 13 Zm9vYmFy");
    }
    SUBCASE("RRSIG") {
        Wire rdata;
        rdata.u16(1).u8(13).u8(2).u32(3600).u32(1704067200).u32(1701388800).u16(12345).name("example.com").raw("fo");
        CHECK(data_of(46, rdata) == "A 13 2 3600 20240101000000 20231201000000 12345 example.com Zm8=");
    }
    SUBCASE("NSEC with type bitmaps in two windows") {
        // Window 0: A(1) NS(2) SOA(6) MX(15) TXT(16) AAAA(28) RRSIG(46) NSEC(47) DNSKEY(48);
        // window 1: CAA(257).
        Wire rdata;
        rdata.name("www.example.com");
        rdata.u8(0).u8(7).raw({0x62, 0x01, 0x80, 0x08, 0x00, 0x03, 0x80});
        rdata.u8(1).u8(1).raw({0x40});
        CHECK(data_of(47, rdata) == "www.example.com A NS SOA MX TXT AAAA RRSIG NSEC DNSKEY CAA");
    }
    SUBCASE("NSEC with a bad bitmap window is printed generically") {
        Wire rdata;
        rdata.name("a").u8(0).u8(0);
        CHECK(data_of(47, rdata) == "\\# 5 0161000000");
    }
    SUBCASE("NSEC3") {
        Wire rdata;
        rdata.u8(1).u8(1).u16(10).u8(4).raw({0xAA, 0xBB, 0xCC, 0xDD});
        rdata.u8(5).raw("fooba");  // base32hex of "fooba" is CPNMUOJ1 (RFC 4648 §10)
        rdata.u8(0).u8(1).raw({0x60});
        CHECK(data_of(50, rdata) == "1 1 10 AABBCCDD CPNMUOJ1 A NS");
    }
    SUBCASE("NSEC3PARAM with and without salt") {
        CHECK(data_of(51, Wire().u8(1).u8(0).u16(0).u8(0)) == "1 0 0 -");
        CHECK(data_of(51, Wire().u8(1).u8(0).u16(5).u8(2).raw({0x0A, 0xFF})) == "1 0 5 0AFF");
    }
    SUBCASE("TLSA") {
        CHECK(data_of(52, Wire().u8(3).u8(1).u8(1).raw({0x01, 0xAB, 0xCD})) == "3 1 1 01ABCD");
    }
}

TEST_CASE("dns_message: other types in the RFC 3597 generic form") {
    DnsRecord https = single(65, Wire().u16(1).u8(0).u16(1).u16(3).raw({2, 'h', '2'}));
    CHECK(https.type == "HTTPS");
    CHECK(https.data == "\\# 10 00010000010003026832");
    DnsRecord unknown = single(999, Wire().raw({0xDE, 0xAD}));
    CHECK(unknown.type == "TYPE999");
    CHECK(unknown.data == "\\# 2 DEAD");
    CHECK(data_of(999, Wire()) == "\\# 0");
    // Known types whose RDATA does not have their format.
    CHECK(data_of(1, Wire().raw({1, 2, 3})) == "\\# 3 010203");
    CHECK(data_of(15, Wire().u16(10).name("mx").u8(7)) == "\\# 7 000A026D780007");
}

TEST_CASE("dns_message: compression in owner names and RDATA") {
    Wire w = response(0x8180, 2);
    // Record 1: owner "www" + pointer to example.com; RDATA a CNAME to "cdn" + pointer.
    const unsigned www_offset = static_cast<unsigned>(w.bytes.size());
    w.u8(3).raw("www").pointer(k_qname_offset);
    w.record_tail(5, 60, Wire().u8(3).raw("cdn").pointer(k_qname_offset));
    // Record 2: owner is a pointer to "www.example.com", which itself ends in a pointer.
    w.pointer(www_offset).record_tail(1, 60, Wire().raw({203, 0, 113, 5}));
    DnsAnswer answer = parse_ok(w);
    REQUIRE(answer.answer.size() == 2);
    CHECK(answer.answer[0] == DnsRecord{"www.example.com", "CNAME", 60, "cdn.example.com", {}});
    CHECK(answer.answer[1] == DnsRecord{"www.example.com", "A", 60, "203.0.113.5", {}});
}

TEST_CASE("dns_message: names are escaped like dig prints them") {
    Wire w = response(0x8180, 1);
    w.u8(4).raw({'a', '.', 'b', ' '}).u8(2).raw({0xFF, '@'}).pointer(k_qname_offset);
    w.record_tail(1, 1, Wire().raw({127, 0, 0, 1}));
    DnsAnswer answer = parse_ok(w);
    REQUIRE(answer.answer.size() == 1);
    CHECK(answer.answer[0].name == "a\\.b\\032.\\255\\@.example.com");
}

TEST_CASE("dns_message: NXDOMAIN with the SOA in the authority section") {
    Wire w = response(0x8183, 0, 1);
    w.pointer(k_qname_offset + 0).record_tail(6, 900, Wire()
                                                         .name("ns.example.com")
                                                         .name("admin.example.com")
                                                         .u32(1)
                                                         .u32(2)
                                                         .u32(3)
                                                         .u32(4)
                                                         .u32(5));
    DnsAnswer answer = parse_ok(w);
    CHECK(answer.rcode == "NXDOMAIN");
    CHECK(answer.nxdomain());
    CHECK(answer.answer.empty());
    REQUIRE(answer.authority.size() == 1);
    CHECK(answer.authority[0] == DnsRecord{"example.com", "SOA", 900, "ns.example.com admin.example.com 1 2 3 4 5", {}});
}

TEST_CASE("dns_message: RCODE names, including the EDNS extended RCODE") {
    CHECK(parse_ok(response(0x8182, 0)).rcode == "SERVFAIL");
    CHECK(parse_ok(response(0x8185, 0)).rcode == "REFUSED");
    CHECK(parse_ok(response(0x818C, 0)).rcode == "RCODE12");
    // OPT with extended RCODE 1 and header RCODE 0: 16 = BADVERS (RFC 6891 §6.1.3).
    Wire w = response(0x8180, 0, 0, 1);
    w.u8(0).u16(41).u16(1232).u32(0x01000000).u16(0);
    DnsAnswer answer = parse_ok(w);
    CHECK(answer.rcode == "BADVERS");
    CHECK(answer.answer.empty());
    CHECK(answer.authority.empty());
}

TEST_CASE("dns_message: additional records are checked but not returned") {
    Wire w = response(0x8180, 1, 0, 2);
    w.pointer(k_qname_offset).record_tail(15, 60, Wire().u16(5).name("mx.example.com"));
    w.name("mx.example.com").record_tail(1, 60, Wire().raw({192, 0, 2, 25}));
    w.u8(0).u16(41).u16(4096).u32(0).u16(0);
    DnsAnswer answer = parse_ok(w);
    CHECK(answer.rcode == "NOERROR");
    REQUIRE(answer.answer.size() == 1);
    CHECK(answer.answer[0].data == "5 mx.example.com");
    CHECK(answer.authority.empty());
}

TEST_CASE("dns_message: truncated responses") {
    SUBCASE("TC flag, complete records") {
        Wire w = response(0x8380, 1);
        w.pointer(k_qname_offset).record_tail(1, 5, Wire().raw({10, 0, 0, 1}));
        DnsAnswer answer = parse_ok(w);
        CHECK(answer.truncated);
        REQUIRE(answer.answer.size() == 1);
        CHECK(answer.answer[0].data == "10.0.0.1");
    }
    SUBCASE("TC flag, message ends inside the second record: the first is kept") {
        Wire w = response(0x8380, 3);
        w.pointer(k_qname_offset).record_tail(1, 5, Wire().raw({10, 0, 0, 1}));
        w.pointer(k_qname_offset).u16(1).u16(1);  // cut inside the fixed fields
        DnsAnswer answer = parse_ok(w);
        CHECK(answer.truncated);
        REQUIRE(answer.answer.size() == 1);
        CHECK(answer.answer[0].data == "10.0.0.1");
    }
    SUBCASE("TC flag does not excuse a pointer loop") {
        Wire w = response(0x8380, 1);
        const unsigned here = static_cast<unsigned>(w.bytes.size());
        w.pointer(here).record_tail(1, 5, Wire().raw({10, 0, 0, 1}));
        CHECK(parse_error(w).find("invalid compression pointer") != std::string::npos);
    }
}

TEST_CASE("dns_message: malformed messages are errors, never crashes") {
    SUBCASE("shorter than the header") {
        CHECK(parse_error(Wire().raw({0, 1, 0x81, 0x80})) == "message shorter than its header");
        CHECK(parse_error(Wire()) == "message shorter than its header");
    }
    SUBCASE("a query, not a response") {
        Wire w;
        w.u16(1).u16(0x0100).u16(0).u16(0).u16(0).u16(0);
        CHECK(parse_error(w) == "not a response (QR=0)");
    }
    SUBCASE("pointer to itself") {
        Wire w = response(0x8180, 1);
        const unsigned here = static_cast<unsigned>(w.bytes.size());
        w.pointer(here).record_tail(1, 5, Wire().raw({10, 0, 0, 1}));
        CHECK(parse_error(w) == "answer record 1: invalid compression pointer");
    }
    SUBCASE("two pointers pointing at each other") {
        Wire w = response(0x8180, 1);
        const unsigned first = static_cast<unsigned>(w.bytes.size());
        // first: label "a" then pointer to `second`; second: pointer back to first.
        w.u8(1).raw("a").pointer(first + 4).pointer(first);
        w.u16(1).u16(1).u32(5).u16(4).raw({10, 0, 0, 1});
        CHECK(parse_error(w).find("invalid compression pointer") != std::string::npos);
    }
    SUBCASE("a label followed by a pointer back to it") {
        Wire w = response(0x8180, 1);
        const unsigned start = static_cast<unsigned>(w.bytes.size());
        w.u8(1).raw("x").pointer(start);  // backwards, yet a loop
        w.record_tail(1, 5, Wire().raw({10, 0, 0, 1}));
        CHECK(parse_error(w).find("invalid compression pointer") != std::string::npos);
    }
    SUBCASE("pointer past the end") {
        Wire w = response(0x8180, 1);
        w.pointer(0x3FFF).record_tail(1, 5, Wire().raw({10, 0, 0, 1}));
        CHECK(parse_error(w) == "answer record 1: invalid compression pointer");
    }
    SUBCASE("pointer cut in half at the end of the message") {
        Wire w = response(0x8180, 1);
        w.u8(0xC0);
        CHECK(parse_error(w) == "answer record 1: message ends inside a field");
    }
    SUBCASE("label longer than 63 octets") {
        Wire w = response(0x8180, 1);
        w.u8(64).raw(std::string(64, 'a')).u8(0).record_tail(1, 5, Wire().raw({10, 0, 0, 1}));
        CHECK(parse_error(w) == "answer record 1: invalid label type or length");
    }
    SUBCASE("name longer than 255 octets") {
        Wire w = response(0x8180, 1);
        for (int i = 0; i < 5; ++i) w.u8(60).raw(std::string(60, 'a'));
        w.u8(0).record_tail(1, 5, Wire().raw({10, 0, 0, 1}));
        CHECK(parse_error(w) == "answer record 1: name longer than 255 octets");
    }
    SUBCASE("RDLENGTH past the end") {
        Wire w = response(0x8180, 1);
        w.pointer(k_qname_offset).u16(1).u16(1).u32(5).u16(40).raw({10, 0, 0, 1});
        CHECK(parse_error(w) == "answer record 1 RDATA: message ends inside a field");
    }
    SUBCASE("counts larger than the message") {
        Wire w = response(0x8180, 2);
        w.pointer(k_qname_offset).record_tail(1, 5, Wire().raw({10, 0, 0, 1}));
        CHECK(parse_error(w) == "answer record 2: message ends inside a field");
        Wire q;
        q.u16(1).u16(0x8180).u16(65535).u16(65535).u16(65535).u16(65535);
        CHECK(parse_error(q) == "question 1: message ends inside a field");
    }
    SUBCASE("RDATA name pointing forward is printed generically, the message stays valid") {
        Wire w = response(0x8180, 1);
        const unsigned here = static_cast<unsigned>(w.bytes.size());
        w.pointer(k_qname_offset).record_tail(5, 5, Wire().pointer(here + 20));
        CHECK(parse_ok(w).answer.at(0).data == "\\# 2 C0" + osescan::engine::dns::hex_upper(std::vector<uint8_t>{
                                                                 static_cast<uint8_t>(here + 20)}));
    }
    SUBCASE("longer than any DNS message") {
        Wire w = response(0x8180, 0);
        w.bytes.resize(65536, 0);
        CHECK(parse_error(w) == "message longer than 65535 bytes");
    }
}

TEST_CASE("presentation: RFC 4648 test vectors and RRSIG times") {
    using namespace osescan::engine::dns;
    auto bytes = [](std::string_view s) { return std::vector<uint8_t>(s.begin(), s.end()); };
    CHECK(base64(bytes("")) == "");
    CHECK(base64(bytes("f")) == "Zg==");
    CHECK(base64(bytes("fo")) == "Zm8=");
    CHECK(base64(bytes("foo")) == "Zm9v");
    CHECK(base64(bytes("foobar")) == "Zm9vYmFy");
    CHECK(base32hex_upper(bytes("f")) == "CO");
    CHECK(base32hex_upper(bytes("fo")) == "CPNG");
    CHECK(base32hex_upper(bytes("foo")) == "CPNMU");
    CHECK(base32hex_upper(bytes("foob")) == "CPNMUOG");
    CHECK(base32hex_upper(bytes("foobar")) == "CPNMUOJ1E8");
    CHECK(hex_upper(bytes("\x01\xab")) == "01AB");
    CHECK(rrsig_time(0) == "19700101000000");
    CHECK(rrsig_time(951782400) == "20000229000000");
    CHECK(rrsig_time(4294967295u) == "21060207062815");
}
