#include "checks/https/http_compression.hpp"

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/per_address.hpp"
#include "checks/common/web_host.hpp"

namespace osescan::checks::https {

namespace {

constexpr const char* k_id = "http.compression";

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

Finding judge_address(const facts::TargetFacts& facts, const std::string& address) {
    const std::string endpoint = common::address_port(address, facts.target().port);
    const auto& observed = facts.http(common::https_first(facts, address));
    if (!observed.ok())
        return common::probe_error_finding(k_id, address, observed.error(), "the HTTPS request to " + endpoint);
    const facts::HttpResponse& response = observed.value();
    nlohmann::json evidence{{"endpoint", endpoint}, {"status", response.status}};
    // A server compresses only when asked: facts recorded without an Accept-Encoding offer
    // cannot tell (never a pass on what was not asked).
    if (response.accept_encoding.empty())
        return common::conclude(k_id, address, "not-offered", {{"endpoint", endpoint}}, std::move(evidence));
    evidence["accept_encoding"] = response.accept_encoding;
    std::string codings;
    for (const facts::HttpHeader* header : response.all_headers("Content-Encoding")) {
        // RFC 9110 §8.4: a list of codings; "identity" means none.
        const std::string value = lower(header->value);
        if (value.empty() || value == "identity") continue;
        codings += (codings.empty() ? "" : ", ") + header->value;
    }
    if (codings.empty())
        return common::conclude(k_id, address, "uncompressed", {{"endpoint", endpoint}}, std::move(evidence));
    evidence["content_encoding"] = common::evidence_text(codings);
    return common::conclude(k_id, address, "compressed",
                            {{"endpoint", endpoint}, {"encoding", common::display_text(codings, 40)}},
                            std::move(evidence));
}

}  // namespace

std::vector<Finding> check_http_compression(const facts::TargetFacts& facts) {
    return common::judge_each_address(
        facts, k_id,
        [&](const std::string& address) -> std::vector<facts::Request> {
            return {common::https_first(facts, address)};
        },
        [&](const std::string& address) { return judge_address(facts, address); });
}

const Check& http_compression_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::https,
            .title = "HTTP compression (BREACH)",
            .scored = false,
            .needs_name = false,
            .why = "When a page that contains a secret (a CSRF token, a session value) and "
                   "also reflects something the visitor sent is compressed, the size of the "
                   "encrypted response reveals how well the two compress together. An attacker "
                   "who can make the browser send many requests and watch the traffic can then "
                   "guess the secret byte by byte (BREACH). Compression is fine for pages "
                   "without secrets; this finding asks you to make sure.",
            .fix = "Switch HTTP compression off for pages that carry secrets and reflect user "
                   "input, or protect those secrets (mask CSRF tokens per response, check "
                   "SameSite cookies, add random padding). Static files may stay compressed.",
            .snippets = {{"nginx", "# in the location that serves pages with secrets\ngzip off;"},
                         {"Apache", "SetEnvIfNoCase Request_URI \"^/account\" no-gzip"}},
            .refs = {{"BREACH (breachattack.com)", "https://www.breachattack.com/"},
                     {"RFC 7457 §2.6 (compression attacks)", "https://www.rfc-editor.org/rfc/rfc7457#section-2.6"},
                     {"RFC 9110 §8.4 (Content-Encoding)", "https://www.rfc-editor.org/rfc/rfc9110#section-8.4"}},
            .facts = {"dns", "http"},
            .outcomes = {{"uncompressed", Status::pass, "The HTTPS page on {endpoint} is not HTTP-compressed"},
                         {"compressed", Status::info,
                          "The HTTPS page on {endpoint} is compressed ({encoding}): make sure it carries no "
                          "secret next to reflected input (BREACH)"},
                         {"not-offered", Status::error,
                          "The recorded HTTPS request to {endpoint} offered no compression (facts from an older "
                          "osescan): cannot tell"}},
        },
        check_http_compression};
    return check;
}

}  // namespace osescan::checks::https
