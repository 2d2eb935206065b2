#include "facts/http_url.hpp"

#include <algorithm>
#include <cctype>

#include "facts/ip_prefix.hpp"

namespace osescan::facts {
namespace {

constexpr size_t k_max_url_bytes = 1024;

bool is_host_char(unsigned char c) { return std::isalnum(c) || c == '-' || c == '.' || c == '_'; }

}  // namespace

std::optional<HttpUrl> parse_http_url(const std::string& url) {
    static const std::string k_scheme = "http://";
    if (url.size() > k_max_url_bytes || url.size() <= k_scheme.size()) return std::nullopt;
    std::string lowered_scheme = url.substr(0, k_scheme.size());
    std::transform(lowered_scheme.begin(), lowered_scheme.end(), lowered_scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lowered_scheme != k_scheme) return std::nullopt;
    if (std::any_of(url.begin(), url.end(), [](unsigned char c) { return c <= 0x20 || c >= 0x7f; }))
        return std::nullopt;
    const std::string rest = url.substr(k_scheme.size());
    if (rest.find_first_of("?#@\\") != std::string::npos) return std::nullopt;
    const size_t slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    HttpUrl out;
    out.path = slash == std::string::npos ? "/" : rest.substr(slash);

    std::string port_text;
    if (!authority.empty() && authority.front() == '[') {
        const size_t close = authority.find(']');
        if (close == std::string::npos) return std::nullopt;
        out.host = authority.substr(1, close - 1);
        const std::string after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return std::nullopt;
            port_text = after.substr(1);
        }
        if (!parse_ip_address(out.host).has_value() || out.host.find(':') == std::string::npos) return std::nullopt;
        out.host_is_ip = true;
    } else {
        const size_t colon = authority.find(':');
        out.host = authority.substr(0, colon);
        if (colon != std::string::npos) port_text = authority.substr(colon + 1);
        if (out.host.empty() || !std::all_of(out.host.begin(), out.host.end(), is_host_char)) return std::nullopt;
        out.host_is_ip = parse_ip_address(out.host).has_value();
    }
    std::transform(out.host.begin(), out.host.end(), out.host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!port_text.empty() || authority.back() == ':') {
        if (port_text.empty() || port_text.size() > 5 ||
            !std::all_of(port_text.begin(), port_text.end(), [](unsigned char c) { return std::isdigit(c); }))
            return std::nullopt;
        const unsigned long port = std::stoul(port_text);
        if (port == 0 || port > 65535) return std::nullopt;
        out.port = static_cast<uint16_t>(port);
    }
    return out;
}

}  // namespace osescan::facts
