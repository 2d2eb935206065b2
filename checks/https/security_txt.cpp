#include "checks/https/security_txt.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/web_host.hpp"
#include "checks/https/security_txt_file.hpp"
#include "facts/iso_time.hpp"

namespace osescan::checks::https {

namespace {

constexpr const char* k_id = "security_txt";

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string trim(std::string text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.erase(0, 1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
    return text;
}

struct MediaType {
    std::string type;     // "text/plain", lower case
    std::string charset;  // lower case, unquoted; "" when absent
};

// RFC 9110 §8.3.1: media-type = type "/" subtype parameters; parameter names and the
// charset value are case-insensitive.
MediaType media_type(const std::string& value) {
    MediaType out;
    size_t at = value.find(';');
    out.type = lower(trim(value.substr(0, at)));
    while (at != std::string::npos) {
        const size_t next = value.find(';', at + 1);
        const std::string parameter = trim(value.substr(at + 1, next == std::string::npos ? next : next - at - 1));
        const size_t equals = parameter.find('=');
        if (equals != std::string::npos && lower(trim(parameter.substr(0, equals))) == "charset") {
            std::string charset = trim(parameter.substr(equals + 1));
            if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"')
                charset = charset.substr(1, charset.size() - 2);
            out.charset = lower(charset);
        }
        at = next;
    }
    return out;
}

std::string file_url(const facts::TargetFacts& facts, const std::string& path) {
    const uint16_t port = facts.target().port;
    return "https://" + facts.target().host + (port == 443 ? "" : ":" + std::to_string(port)) + path;
}

std::string join(const std::vector<std::string>& items, size_t max_items) {
    std::string out;
    for (size_t i = 0; i < items.size() && i < max_items; ++i)
        out += (i ? "; " : "") + common::display_text(items[i], 160);
    if (items.size() > max_items) out += "; ... (" + std::to_string(items.size() - max_items) + " more)";
    return out;
}

nlohmann::json text_list(const std::vector<std::string>& items) {
    nlohmann::json out = nlohmann::json::array();
    for (const std::string& item : items) out.push_back(common::evidence_text(item));
    return out;
}

bool found(const facts::Observed<facts::HttpResponse>& observed) {
    return observed.ok() && observed.value().status == 200;
}

Finding judge_file(const facts::TargetFacts& facts, const std::string& address, const facts::HttpResponse& response,
                   const std::string& url, nlohmann::json evidence) {
    std::vector<std::string> transport_problems;
    const facts::HttpHeader* content_type = response.header("Content-Type");
    const MediaType media = media_type(content_type ? content_type->value : "");
    evidence["content_type"] =
        content_type ? nlohmann::json(common::evidence_text(content_type->value)) : nlohmann::json(nullptr);
    // RFC 9116 §3: "text/plain" with the charset parameter "utf-8".
    if (media.type != "text/plain")
        transport_problems.push_back("Content-Type is \"" + (content_type ? content_type->value : std::string()) +
                                     "\", not text/plain (RFC 9116 §3)");
    else if (media.charset != "utf-8")
        transport_problems.push_back("Content-Type text/plain lacks charset=utf-8 (RFC 9116 §3)");
    if (response.body_truncated || response.body.size() > k_security_txt_max_bytes)
        transport_problems.push_back("the file is larger than " + std::to_string(k_security_txt_max_bytes / 1024) +
                                     " KiB; only its start was read");
    const std::string_view body =
        std::string_view(response.body).substr(0, std::min(response.body.size(), k_security_txt_max_bytes));
    const SecurityTxtFile file = parse_security_txt(body);
    const int64_t now = facts.context().now;
    SecurityTxtVerdict verdict = judge_security_txt(file, url, now);
    // A site answering every path with the same page (HTML or text) has no security.txt; it
    // does not have a broken one: without a single RFC 9116 field, nothing says it tried.
    if (verdict.known_fields == 0) {
        evidence["note"] = media.type == "text/html" ? "an HTML page was served, not a security.txt file"
                                                     : "the response has no security.txt field at all";
        return common::conclude(k_id, address, "not-security-txt", {{"url", url}}, std::move(evidence));
    }
    verdict.problems.insert(verdict.problems.begin(), transport_problems.begin(), transport_problems.end());
    evidence["pgp_signed"] = file.pgp_signed;
    evidence["bytes"] = response.body_bytes;
    evidence["contacts"] = text_list(verdict.contacts);
    if (!verdict.canonical.empty()) evidence["canonical"] = text_list(verdict.canonical);
    if (!verdict.unknown_fields.empty()) evidence["ignored_fields"] = text_list(verdict.unknown_fields);
    const std::string expires = verdict.expires ? facts::iso8601_utc(*verdict.expires) : "";
    if (verdict.expires) {
        evidence["expires"] = expires;
        evidence["expires_in_days"] = facts::days_between(now, *verdict.expires);
    }
    if (!verdict.problems.empty()) {
        evidence["problems"] = text_list(verdict.problems);
        return common::conclude(k_id, address, "errors",
                                {{"url", url},
                                 {"count", verdict.problems.size()},
                                 {"problems", join(verdict.problems, 3)}},
                                std::move(evidence));
    }
    if (verdict.expired)
        return common::conclude(k_id, address, "expired", {{"url", url}, {"expires", expires}}, std::move(evidence));
    if (verdict.long_lived)
        return common::conclude(k_id, address, "long-lived",
                                {{"url", url},
                                 {"expires", expires},
                                 {"days", facts::days_between(now, *verdict.expires)}},
                                std::move(evidence));
    return common::conclude(k_id, address, "valid",
                            {{"url", url},
                             {"contact", common::display_text(verdict.contacts.front(), 100)},
                             {"expires", expires},
                             {"signed", file.pgp_signed ? " (PGP-signed)" : ""}},
                            std::move(evidence));
}

// RFC 9116 §3 lets the file redirect. One redirect to another path of the same host and
// port is followed (the fetch stays pinned to this address); other hosts are only named in
// the evidence: what another host serves is not this address's file.
std::optional<std::string> same_host_redirect(const facts::TargetFacts& facts, const facts::HttpResponse& response) {
    if (response.status != 301 && response.status != 302 && response.status != 303 && response.status != 307 &&
        response.status != 308)
        return std::nullopt;
    const facts::HttpHeader* location = response.header("Location");
    if (location == nullptr) return std::nullopt;
    std::string_view value = location->value;
    const std::string origin = file_url(facts, "");
    if (value.size() > origin.size() && lower(value.substr(0, origin.size())) == lower(origin) &&
        value[origin.size()] == '/')
        value.remove_prefix(origin.size());
    if (value.empty() || value.front() != '/' || value.substr(0, 2) == "//") return std::nullopt;
    value = value.substr(0, value.find('#'));
    for (char c : value)
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F) return std::nullopt;
    if (value == k_security_txt_path || value.size() > 2048) return std::nullopt;
    return std::string(value);
}

Finding judge_address(const facts::TargetFacts& facts, const std::string& address) {
    const std::string endpoint = common::address_port(address, facts.target().port);
    const std::string url = file_url(facts, k_security_txt_path);
    const auto& observed = facts.http(security_txt_request(facts, address, k_security_txt_path));
    if (!observed.ok())
        return common::probe_error_finding(k_id, address, observed.error(),
                                           "the request for " + url + " to " + endpoint);
    const facts::HttpResponse& response = observed.value();
    nlohmann::json evidence{{"endpoint", endpoint}, {"url", url}, {"status", response.status}};
    if (response.status == 200) return judge_file(facts, address, response, url, std::move(evidence));
    if (const facts::HttpHeader* location = response.header("Location"))
        evidence["location"] = common::evidence_text(location->value);
    if (const std::optional<std::string> path = same_host_redirect(facts, response)) {
        const auto& redirected = facts.http(security_txt_request(facts, address, *path));
        evidence["redirected_to"] = file_url(facts, *path);
        if (found(redirected))
            return judge_file(facts, address, redirected.value(), file_url(facts, *path), std::move(evidence));
    }
    const auto& legacy = facts.http(security_txt_request(facts, address, k_security_txt_legacy_path));
    if (found(legacy)) {
        const std::string legacy_url = file_url(facts, k_security_txt_legacy_path);
        evidence["legacy_url"] = legacy_url;
        evidence["legacy_status"] = legacy.value().status;
        return common::conclude(k_id, address, "legacy-location", {{"url", url}, {"legacy_url", legacy_url}},
                                std::move(evidence));
    }
    return common::conclude(k_id, address, "missing", {{"url", url}, {"status", response.status}}, std::move(evidence));
}

}  // namespace

facts::HttpRequest security_txt_request(const facts::TargetFacts& facts, const std::string& address,
                                        const std::string& path) {
    return facts::HttpRequest{"https", facts.target().host, address, facts.target().port, path, "GET"};
}

std::vector<Finding> check_security_txt(const facts::TargetFacts& facts) {
    const common::WebAddresses addresses = common::web_addresses(facts);
    if (addresses.problem)
        return {common::probe_error_finding(k_id, "", *addresses.problem, "finding the host's addresses")};
    const std::vector<std::string> all = addresses.all();
    std::vector<facts::Request> batch;
    for (const std::string& address : all) batch.push_back(security_txt_request(facts, address, k_security_txt_path));
    facts.need(batch);
    // RFC 9116 §3: where the well-known file is missing, its same-host redirect target and
    // the legacy top-level file are asked, for all such addresses in one more round.
    batch.clear();
    for (const std::string& address : all) {
        const auto& observed = facts.http(security_txt_request(facts, address, k_security_txt_path));
        if (!observed.ok() || observed.value().status == 200) continue;
        if (const std::optional<std::string> path = same_host_redirect(facts, observed.value()))
            batch.push_back(security_txt_request(facts, address, *path));
        if (same_host_redirect(facts, observed.value()) != k_security_txt_legacy_path)
            batch.push_back(security_txt_request(facts, address, k_security_txt_legacy_path));
    }
    facts.need(batch);
    std::vector<Finding> findings;
    for (const std::string& address : all) findings.push_back(judge_address(facts, address));
    return findings;
}

const Check& security_txt_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::https,
            .title = "security.txt",
            .scored = false,
            .needs_name = true,
            .why = "Someone who finds a vulnerability in your site needs to know whom to tell. "
                   "/.well-known/security.txt (RFC 9116) says it in a standard place: how to reach "
                   "your security contact, in which language, and where your disclosure policy is. "
                   "Without it, reports get lost or go public. An expired file tells finders its "
                   "contacts may be stale; a broken one may not be read at all.",
            .fix = "Serve /.well-known/security.txt over HTTPS as text/plain; charset=utf-8 with at "
                   "least one Contact (mailto:, tel: or https://) and exactly one Expires date less "
                   "than a year ahead; renew the date before it passes. Optionally add Policy, "
                   "Encryption, Preferred-Languages and Canonical (its own https URL), and sign the "
                   "file with OpenPGP.",
            .snippets = {{"security.txt",
                          "Contact: mailto:security@example.com\n"
                          "Expires: 2026-12-31T23:59:59Z\n"
                          "Preferred-Languages: en, nl\n"
                          "Canonical: https://example.com/.well-known/security.txt\n"
                          "Policy: https://example.com/security-policy"},
                         {"nginx",
                          "location = /.well-known/security.txt {\n"
                          "    default_type \"text/plain; charset=utf-8\";\n"
                          "    alias /srv/www/security.txt;\n"
                          "}"}},
            .refs = {{"RFC 9116 (security.txt)", "https://www.rfc-editor.org/rfc/rfc9116"},
                     {"RFC 9116 §2.5 (field definitions)", "https://www.rfc-editor.org/rfc/rfc9116#section-2.5"},
                     {"securitytxt.org (generator)", "https://securitytxt.org/"}},
            .facts = {"dns", "http"},
            .outcomes = {{"valid", Status::pass, "{url}: Contact {contact}, expires {expires}{signed}"},
                         {"errors", Status::warn, "{url} has {count} problem(s): {problems}"},
                         {"expired", Status::warn, "{url} expired on {expires}: its contacts may be stale",
                          "Set Expires to a date less than a year ahead, and renew it before it passes."},
                         {"long-lived", Status::warn,
                          "{url} expires on {expires}, {days} days ahead: more than a year (RFC 9116 §2.5.5)",
                          "Set Expires to less than a year ahead and renew it regularly, so the contacts are "
                          "reviewed."},
                         {"legacy-location", Status::warn,
                          "No {url}; a security.txt is only at the legacy {legacy_url}",
                          "Serve the file at /.well-known/security.txt (RFC 9116 §3); the top-level path is "
                          "for legacy compatibility only (it may redirect there)."},
                         {"missing", Status::info, "No security.txt at {url} (HTTP {status})"},
                         {"not-security-txt", Status::info,
                          "No security.txt at {url}: it answers with a page that has no security.txt field "
                          "(a catch-all response)"}},
        },
        check_security_txt};
    return check;
}

}  // namespace osescan::checks::https
