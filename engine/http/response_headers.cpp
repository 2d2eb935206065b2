#include "engine/http/response_headers.hpp"

namespace osescan::engine::http {

namespace {

// Optional whitespace around field values (RFC 9110 §5.6.3: OWS = *( SP / HTAB )).
bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
    return s;
}

std::string_view strip_line_ending(std::string_view line) {
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

// libcurl hands over the status line of every response it reads (also the ones it
// synthesises for HTTP/2: "HTTP/2 200"). A field name is a token (RFC 9110 §5.1), which
// cannot contain '/', so no header line can be mistaken for one.
bool is_status_line(std::string_view line) { return line.substr(0, 5) == "HTTP/"; }

}  // namespace

ResponseHeaderCollector::ResponseHeaderCollector(size_t max_bytes, size_t max_lines)
    : m_max_bytes(max_bytes), m_max_lines(max_lines) {}

bool ResponseHeaderCollector::add_line(std::string_view raw) {
    if (exceeded()) return false;
    // Bytes count everything (status lines and blank lines too); lines count field lines
    // only, so that "500 lines" means 500 header fields, as a server author counts them.
    m_bytes += raw.size();
    if (m_bytes > m_max_bytes) {
        m_limit_exceeded = "response headers exceed " + std::to_string(m_max_bytes) + " bytes";
        return false;
    }
    const std::string_view line = strip_line_ending(raw);
    if (!line.empty() && !is_status_line(line) && ++m_lines > m_max_lines) {
        m_limit_exceeded = "response headers exceed " + std::to_string(m_max_lines) + " lines";
        return false;
    }
    if (is_status_line(line)) {
        // A new response starts (the previous one was interim, e.g. 100 or 103, RFC 9110
        // §15.2): only the final response's headers are facts.
        m_status_line.assign(line);
        m_headers.clear();
        m_block_ended = false;
        return true;
    }
    if (line.empty()) {
        m_block_ended = true;
        return true;
    }
    // After the header block only trailer fields follow (RFC 9112 §7.1.2); they are not
    // response headers.
    if (!m_block_ended) add_header_line(line);
    return true;
}

void ResponseHeaderCollector::add_header_line(std::string_view line) {
    if (is_ows(line.front())) {
        // obs-fold: a continuation of the previous field's value, to be replaced by one
        // SP (RFC 9112 §5.2).
        if (!m_headers.empty()) {
            const std::string_view more = trim(line);
            if (!more.empty()) {
                std::string& value = m_headers.back().value;
                if (!value.empty()) value += ' ';
                value.append(more);
            }
        }
        return;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return;  // not a field line: nothing to record
    facts::HttpHeader header;
    header.name.assign(trim(line.substr(0, colon)));
    header.value.assign(trim(line.substr(colon + 1)));
    if (header.name.empty()) return;
    m_headers.push_back(std::move(header));
}

}  // namespace osescan::engine::http
