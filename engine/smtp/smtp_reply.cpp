#include "engine/smtp/smtp_reply.hpp"

#include <algorithm>

namespace osescan::engine::smtp {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// Text of a reply line made printable ASCII: §4.2 allows only %d9 / %d32-126 in textstring
// (SMTPUTF8 servers may send UTF-8 there; we keep '?' for it, the words stay readable).
std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) out.push_back(c == '\t' || (c >= 32 && c <= 126) ? c : '?');
    return out;
}

ReplyParse malformed(std::string error) {
    ReplyParse p;
    p.state = ReplyState::malformed;
    p.error = std::move(error);
    return p;
}

}  // namespace

ReplyParse parse_reply(std::string_view input) {
    ReplyParse result;
    size_t position = 0;
    for (size_t line_number = 0;; ++line_number) {
        if (line_number >= k_max_reply_lines)
            return malformed("a reply of more than " + std::to_string(k_max_reply_lines) + " lines");
        const size_t end = input.find('\n', position);
        const size_t available = (end == std::string_view::npos ? input.size() : end) - position;
        if (available + 1 > k_max_reply_line)
            return malformed("a reply line longer than " + std::to_string(k_max_reply_line) + " bytes");
        if (end == std::string_view::npos) return result;  // incomplete
        std::string_view line = input.substr(position, end - position);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        position = end + 1;
        if (line.size() < 3 || !is_digit(line[0]) || !is_digit(line[1]) || !is_digit(line[2]))
            return malformed("a reply line that does not start with a three-digit code");
        // §4.2: the first digit is 2..5; a reply outside 200..599 is not SMTP.
        if (line[0] < '2' || line[0] > '5') return malformed("a reply code outside 200..599");
        const int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
        if (line_number == 0) result.reply.code = code;
        else if (code != result.reply.code) return malformed("a multi-line reply whose lines have different codes");
        const char separator = line.size() > 3 ? line[3] : ' ';
        if (separator != ' ' && separator != '-') return malformed("a reply code not followed by a space or a hyphen");
        result.reply.lines.push_back(printable(line.size() > 4 ? line.substr(4) : std::string_view{}));
        if (separator == ' ') {
            result.state = ReplyState::complete;
            result.consumed = position;
            return result;
        }
    }
}

std::string reply_text(const Reply& reply, size_t max_bytes) {
    std::string text;
    for (const std::string& line : reply.lines) {
        if (!text.empty()) text += '\n';
        text += std::to_string(reply.code);
        if (!line.empty()) text += ' ' + line;
        if (text.size() > max_bytes) return text.substr(0, max_bytes) + "...";
    }
    if (reply.lines.empty()) text = std::to_string(reply.code);
    return text;
}

std::vector<std::string> ehlo_extensions(const Reply& reply) {
    std::vector<std::string> out;
    for (size_t i = 1; i < reply.lines.size(); ++i) {
        std::string line = reply.lines[i];
        const size_t keyword_end = std::min(line.find(' '), line.size());
        if (keyword_end == 0 || !is_alnum(line[0])) continue;
        bool valid = true;
        for (size_t k = 0; k < keyword_end; ++k) {
            if (!is_alnum(line[k]) && line[k] != '-') valid = false;
            else if (line[k] >= 'a' && line[k] <= 'z') line[k] = static_cast<char>(line[k] - 'a' + 'A');
        }
        if (valid) out.push_back(std::move(line));
    }
    return out;
}

bool offers(const std::vector<std::string>& extensions, std::string_view keyword) {
    for (const std::string& e : extensions) {
        const std::string_view name = std::string_view(e).substr(0, std::min(e.find(' '), e.size()));
        if (name == keyword) return true;
    }
    return false;
}

}  // namespace osescan::engine::smtp
