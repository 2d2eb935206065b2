#include "engine/http/status_line.hpp"

namespace osescan::engine::http {

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string printable(std::string_view line) {
    std::string out;
    out.reserve(line.size());
    for (char c : line) out += (c >= 0x20 && c < 0x7f) ? c : '?';
    return out;
}
}  // namespace

bool status_line_complete(std::string_view received) {
    return received.find('\n') != std::string_view::npos || received.size() >= k_max_status_line;
}

std::optional<StatusLine> parse_status_line(std::string_view received) {
    std::string_view line = received.substr(0, std::min(received.size(), k_max_status_line));
    if (const size_t end = line.find('\n'); end != std::string_view::npos) line = line.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // "HTTP/1.1 425 Too Early": the version, one space, three digits, then a space or the end.
    constexpr std::string_view k_prefix = "HTTP/1.";
    if (line.size() < 12 || line.substr(0, k_prefix.size()) != k_prefix || !is_digit(line[7]) || line[8] != ' ')
        return std::nullopt;
    if (!is_digit(line[9]) || !is_digit(line[10]) || !is_digit(line[11])) return std::nullopt;
    if (line.size() > 12 && line[12] != ' ') return std::nullopt;
    const int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    if (status < 100 || status > 599) return std::nullopt;
    return StatusLine{status, printable(line)};
}

}  // namespace osescan::engine::http
