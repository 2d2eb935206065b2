// libFuzzer target: ReplyParser must be total on any bytes delivered in any pieces.
//
// The first input byte picks the chunking (1..255 bytes per feed, 0 = one random-sized
// piece per remaining byte value), so split records and messages are explored too. Beyond
// "no crash, no undefined behaviour" it checks the bounds the exchange relies on.

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "engine/tls/wire/server_reply.hpp"

namespace {
using namespace osescan::engine::tls::wire;

void require(bool condition) {
    if (!condition) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const uint8_t chunking = data[0];
    ++data;
    --size;
    ReplyLimits limits;
    limits.max_bytes = 16 * 1024;
    limits.max_certificates = 3;
    limits.max_certificate_bytes = 2048;
    limits.stop_after_server_hello = (chunking & 1) != 0 && chunking > 200;
    ReplyParser parser(limits);
    size_t at = 0;
    size_t step = 0;
    ReplyParser::State state = ReplyParser::State::need_more;
    while (at < size && state == ReplyParser::State::need_more) {
        // chunk size: fixed from the selector, or varying with the data itself
        const size_t piece = chunking != 0 ? chunking : 1 + (data[(at + step) % size] % 64);
        const size_t length = piece < size - at ? piece : size - at;
        state = parser.feed(data + at, length);
        at += length;
        ++step;
    }
    if (state == ReplyParser::State::need_more) state = parser.end_of_stream();
    require(state == ReplyParser::State::done);
    require(parser.state() == ReplyParser::State::done);
    const ServerReply& reply = parser.reply();
    require(reply.certificates.size() <= limits.max_certificates);
    for (const auto& certificate : reply.certificates) require(certificate.size() <= limits.max_certificate_bytes);
    require(reply.sslv2_certificate.size() <= limits.max_certificate_bytes);
    require((reply.kind == ServerReply::Kind::malformed) == !reply.malformed_reason.empty());
    require(reply.kind != ServerReply::Kind::closed || size == 0);
    return 0;
}
