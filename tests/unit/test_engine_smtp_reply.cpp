// The SMTP reply parser (RFC 5321 §4.2): single and multi-line replies, what arrives in
// pieces, the bounds, malformed input, and the EHLO keywords.
#include <doctest/doctest.h>

#include "engine/smtp/smtp_reply.hpp"

using namespace osescan::engine::smtp;

TEST_CASE("smtp reply: single and multi-line, CRLF or LF, incomplete input") {
    ReplyParse p = parse_reply("220 mx.example.com ESMTP Postfix\r\n");
    REQUIRE(p.state == ReplyState::complete);
    CHECK(p.reply.code == 220);
    CHECK(p.reply.lines == std::vector<std::string>{"mx.example.com ESMTP Postfix"});
    CHECK(p.consumed == 34);

    const std::string ehlo =
        "250-mx.example.com\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-starttls\r\n250-8BITMIME\r\n"
        "250-x_bad\r\n250 SMTPUTF8\r\n221 next";
    p = parse_reply(ehlo);
    REQUIRE(p.state == ReplyState::complete);
    CHECK(p.reply.lines.size() == 7);
    CHECK(ehlo.substr(p.consumed) == "221 next");
    const auto extensions = ehlo_extensions(p.reply);
    CHECK(extensions == std::vector<std::string>{"PIPELINING", "SIZE 10240000", "STARTTLS", "8BITMIME", "SMTPUTF8"});
    CHECK(offers(extensions, "STARTTLS"));
    CHECK_FALSE(offers(extensions, "SIZE 10240000"));
    CHECK_FALSE(offers(extensions, "CHUNKING"));
    CHECK(reply_text(p.reply).rfind("250 mx.example.com\n250 PIPELINING\n", 0) == 0);

    CHECK(parse_reply("250\n").state == ReplyState::complete);  // code alone, bare LF
    CHECK(parse_reply("250").state == ReplyState::incomplete);
    CHECK(parse_reply("250-a\r\n250-b\r\n").state == ReplyState::incomplete);
    CHECK(parse_reply("").state == ReplyState::incomplete);
    p = parse_reply("421 4.7.0 bad \x01\xff bytes\r\n");
    REQUIRE(p.state == ReplyState::complete);
    CHECK(p.reply.lines[0] == "4.7.0 bad ?? bytes");
}

TEST_CASE("smtp reply: malformed and bounded") {
    for (const char* bad : {"HTTP/1.1 400 Bad Request\r\n", "22 short\r\n", "220x\r\n", "250-a\r\n251 b\r\n",
                            "199 low\r\n", "600 high\r\n", "\r\n"}) {
        CAPTURE(bad);
        const ReplyParse p = parse_reply(bad);
        CHECK(p.state == ReplyState::malformed);
        CHECK_FALSE(p.error.empty());
    }
    CHECK(parse_reply("220 " + std::string(k_max_reply_line, 'a')).state == ReplyState::malformed);
    CHECK(parse_reply("220 " + std::string(k_max_reply_line - 10, 'a')).state == ReplyState::incomplete);
    std::string many;
    for (size_t i = 0; i < k_max_reply_lines; ++i) many += "250-x\r\n";
    CHECK(parse_reply(many + "250 end\r\n").state == ReplyState::malformed);
    CHECK(parse_reply(many.substr(7) + "250 end\r\n").state == ReplyState::complete);
    Reply long_reply{250, {std::string(2000, 'a')}};
    CHECK(reply_text(long_reply, 100).size() == 103);
}
