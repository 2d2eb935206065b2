// libFuzzer target: the SMTP reply parser (engine/smtp/smtp_reply.hpp) must be total on any
// bytes, keep its bounds, and never consume more than it was given.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/smtp/smtp_reply.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace osescan::engine::smtp;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const ReplyParse parsed = parse_reply(input);
    if (parsed.state == ReplyState::complete) {
        if (parsed.consumed == 0 || parsed.consumed > size) std::abort();
        if (parsed.reply.code < 200 || parsed.reply.code > 599) std::abort();
        if (parsed.reply.lines.empty() || parsed.reply.lines.size() > k_max_reply_lines) std::abort();
        for (const auto& line : parsed.reply.lines) {
            if (line.size() > k_max_reply_line) std::abort();
            for (char c : line)
                if (c != '\t' && (c < 32 || c > 126)) std::abort();
        }
        const auto extensions = ehlo_extensions(parsed.reply);
        if (extensions.size() >= parsed.reply.lines.size() && !extensions.empty()) std::abort();
        if (reply_text(parsed.reply, 64).size() > 67) std::abort();
    } else if (parsed.state == ReplyState::malformed && parsed.error.empty()) {
        std::abort();
    }
    return 0;
}
