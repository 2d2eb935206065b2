#pragma once
// Collects the header section of an HTTP response from the lines libcurl hands over one
// at a time (status line, header lines, blank line; CRLF included), keeping only the
// FINAL response's headers and bounding what a server can make us keep.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "facts/facts.hpp"

namespace osescan::engine::http {

class ResponseHeaderCollector {
public:
    // A transfer whose header section (all of it: interim 1xx responses and trailers
    // included) exceeds `max_bytes` bytes, or `max_lines` field lines, is refused.
    ResponseHeaderCollector(size_t max_bytes, size_t max_lines);

    // Feeds one line as received. Returns false once a bound is exceeded; the transfer
    // must then be aborted and limit_exceeded() says why.
    bool add_line(std::string_view line);

    const std::vector<facts::HttpHeader>& headers() const { return m_headers; }
    std::vector<facts::HttpHeader> take_headers() { return std::move(m_headers); }
    // The final response's status line without its line ending ("HTTP/1.1 200 OK").
    const std::string& status_line() const { return m_status_line; }
    bool exceeded() const { return !m_limit_exceeded.empty(); }
    const std::string& limit_exceeded() const { return m_limit_exceeded; }

private:
    void add_header_line(std::string_view line);

    size_t m_max_bytes;
    size_t m_max_lines;
    size_t m_bytes = 0;
    size_t m_lines = 0;
    bool m_block_ended = false;  // blank line seen: what follows is trailers or a new response
    std::string m_status_line;
    std::vector<facts::HttpHeader> m_headers;
    std::string m_limit_exceeded;
};

}  // namespace osescan::engine::http
