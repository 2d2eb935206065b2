#include <optional>

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/per_address.hpp"
#include "checks/common/web_host.hpp"
#include "checks/headers/header_checks.hpp"
#include "checks/headers/https_response.hpp"
#include "checks/headers/set_cookie.hpp"
#include "checks/https/location_url.hpp"

namespace osescan::checks::headers {

namespace {

constexpr const char* k_id = "headers.cookies";
// Same-host redirects followed after the first response; cookies judged at most.
constexpr size_t k_max_hops = 4;
constexpr size_t k_max_cookies = 64;
constexpr size_t k_max_path = 1024;

// The next request when `response` redirects to the same host, port and scheme (https);
// nullopt otherwise. Only paths a URL can carry as they are (the Location parser already
// refuses spaces and controls) and of bounded length are followed.
std::optional<facts::HttpRequest> same_host_hop(const facts::HttpRequest& request,
                                                const facts::HttpResponse& response) {
    if (response.status < 300 || response.status > 399) return std::nullopt;
    const facts::HttpHeader* location = response.header("Location");
    if (!location) return std::nullopt;
    const auto target = https::parse_location(location->value);
    if (!target) return std::nullopt;
    using Form = https::LocationTarget::Form;
    if (target->form == Form::absolute && target->scheme != "https") return std::nullopt;
    if (target->form != Form::relative) {
        if (target->host != request.host) return std::nullopt;
        if (target->port.value_or(443) != request.port) return std::nullopt;
    }
    std::string path = target->path;
    if (path.empty()) path = "/";
    if (path.front() == '?') {
        path = request.path.substr(0, request.path.find('?')) + path;
    } else if (path.front() != '/') {
        // A relative path: resolved against the current path's directory (RFC 3986 §5.2.3).
        const std::string base = request.path.substr(0, request.path.find('?'));
        path = base.substr(0, base.rfind('/') + 1) + path;
    }
    if (path.size() > k_max_path) return std::nullopt;
    facts::HttpRequest next = request;
    next.path = path;
    if (next == request) return std::nullopt;  // a redirect to itself
    return next;
}

struct SeenCookie {
    SetCookie cookie;
    std::string where;  // the path of the response that set it
};

Finding judge_address(const facts::TargetFacts& facts, const std::string& address) {
    const std::string endpoint = common::address_port(address, facts.target().port);
    facts::HttpRequest request = common::https_first(facts, address);
    nlohmann::json hops = nlohmann::json::array();
    std::vector<SeenCookie> cookies;
    size_t ignored_headers = 0;
    bool bounded = false;
    for (size_t hop = 0; hop <= k_max_hops; ++hop) {
        const auto& observed = facts.http(request);  // live: gathered in a new round per hop
        if (!observed.ok())
            return common::probe_error_finding(k_id, address, observed.error(),
                                               "the HTTPS request to " + endpoint +
                                                   common::display_text(request.path, 80));
        const facts::HttpResponse& response = observed.value();
        hops.push_back({{"path", common::evidence_text(request.path)}, {"status", response.status}});
        for (std::string_view value : header_values(response, "Set-Cookie")) {
            if (cookies.size() >= k_max_cookies) {
                bounded = true;
                break;
            }
            if (std::optional<SetCookie> cookie = parse_set_cookie(value))
                cookies.push_back({std::move(*cookie), request.path});
            else ++ignored_headers;
        }
        const std::optional<facts::HttpRequest> next = same_host_hop(request, response);
        if (!next) break;
        request = *next;
    }

    nlohmann::json evidence{{"endpoint", endpoint}, {"responses", std::move(hops)}};
    if (ignored_headers) evidence["ignored_set_cookie_headers"] = ignored_headers;
    if (bounded) evidence["cookies_not_judged"] = "more than " + std::to_string(k_max_cookies) + " cookies";
    if (cookies.empty())
        return common::conclude(k_id, address, "no-cookies", {{"endpoint", endpoint}}, std::move(evidence));

    nlohmann::json list = nlohmann::json::array();
    std::string problems_text;
    size_t bad = 0;
    for (const SeenCookie& seen : cookies) {
        const SetCookie& c = seen.cookie;
        const std::vector<std::string> problems = cookie_problems(c);
        nlohmann::json entry{{"name", common::evidence_text(c.name)},
                             {"set_on", common::evidence_text(seen.where)},
                             {"secure", c.secure},
                             {"http_only", c.http_only},
                             {"session_like", is_session_like(c)},
                             {"problems", problems}};
        if (c.same_site) entry["same_site"] = common::evidence_text(*c.same_site);
        if (c.domain) entry["domain"] = common::evidence_text(*c.domain);
        if (c.path) entry["path"] = common::evidence_text(*c.path);
        list.push_back(std::move(entry));
        if (problems.empty()) continue;
        ++bad;
        std::string line = common::display_text(c.name, 40) + " (";
        for (size_t i = 0; i < problems.size(); ++i) line += (i ? ", " : "") + problems[i];
        problems_text += (problems_text.empty() ? "" : "; ") + line + ")";
    }
    evidence["cookies"] = std::move(list);
    if (bad == 0)
        return common::conclude(k_id, address, "secure", {{"count", std::to_string(cookies.size())}},
                                std::move(evidence));
    return common::conclude(k_id, address, "insecure",
                            {{"count", std::to_string(bad)}, {"problems", common::display_text(problems_text, 400)}},
                            std::move(evidence));
}

}  // namespace

std::vector<Finding> check_cookies(const facts::TargetFacts& facts) {
    return common::judge_each_address(
        facts, k_id,
        [&](const std::string& address) -> std::vector<facts::Request> {
            return {common::https_first(facts, address)};
        },
        [&](const std::string& address) { return judge_address(facts, address); });
}

const Check& cookies_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::headers,
            .title = "Cookie security attributes",
            .scored = false,
            .needs_name = false,
            .why = "Cookies often carry the visitor's session. Without Secure a cookie also "
                   "travels over plain HTTP, where anyone on the network can copy it; without "
                   "HttpOnly an injected script can read it; without SameSite other sites can "
                   "make the browser send it along (cross-site request forgery). The __Host- "
                   "and __Secure- name prefixes promise that a cookie was set securely, and "
                   "browsers refuse cookies that break that promise. Session-like cookies are "
                   "those whose name contains sess, sid, auth, token, jwt or login; only they "
                   "need HttpOnly (script may need to read others). Every Set-Cookie of the "
                   "first HTTPS response and of the redirects on the same host after it is judged.",
            .fix = "Set every cookie with Secure and SameSite=Lax (or Strict; None only with "
                   "Secure, for cookies that must cross sites), and session cookies also with "
                   "HttpOnly. Name the session cookie __Host-… with Path=/ and no Domain so "
                   "that no subdomain can overwrite it.",
            .snippets = {{"nginx",
                          "# cookies set by an upstream application:\n"
                          "proxy_cookie_flags ~ secure httponly samesite=lax;"},
                         {"Apache",
                          "# a2enmod headers; cookies set by an application behind Apache:\n"
                          "Header always edit Set-Cookie \"^(.*)$\" \"$1; Secure; HttpOnly; SameSite=Lax\""},
                         {"PHP (php.ini)",
                          "session.cookie_secure = 1\nsession.cookie_httponly = 1\nsession.cookie_samesite = \"Lax\""}},
            .refs = {{"RFC 6265bis §4.1.2 (Secure, HttpOnly, SameSite)",
                      "https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-4.1.2"},
                     {"RFC 6265bis §4.1.3 (cookie name prefixes)",
                      "https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-4.1.3"},
                     {"RFC 6265bis §5.6 (parsing Set-Cookie)",
                      "https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.6"}},
            .facts = {"dns", "http"},
            .outcomes = {{"secure", Status::pass,
                          "All {count} cookie(s) set over HTTPS are Secure with SameSite "
                          "(HttpOnly where session-like) and obey the name prefixes"},
                         {"insecure", Status::warn, "{count} cookie(s) lack protection: {problems}"},
                         {"no-cookies", Status::not_applicable, "No cookies set by {endpoint}"}},
        },
        check_cookies};
    return check;
}

}  // namespace osescan::checks::headers
