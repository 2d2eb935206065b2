#include "checks/https/https_redirect.hpp"

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/per_address.hpp"
#include "checks/common/web_host.hpp"
#include "checks/https/location_url.hpp"

namespace osescan::checks::https {

namespace {

constexpr const char* k_id = "https.redirect";
constexpr uint16_t k_http_port = 80;

std::string_view form_name(LocationTarget::Form form) {
    switch (form) {
        case LocationTarget::Form::absolute: return "absolute";
        case LocationTarget::Form::network_path: return "network-path";
        case LocationTarget::Form::relative: return "relative";
    }
    return "?";
}

Finding judge_address(const facts::TargetFacts& facts, const std::string& address) {
    const std::string endpoint = common::address_port(address, k_http_port);
    const auto& observed = facts.http(common::http_first(facts, address));
    if (!observed.ok()) {
        // Nothing listening on port 80 is fine: there is no plain-HTTP content to downgrade to.
        if (observed.error().kind == facts::probe_error::connection_refused)
            return common::conclude(k_id, address, "no-plain-http", {{"endpoint", endpoint}},
                                    {{"endpoint", endpoint},
                                         {"probe_error", observed.error().kind},
                                         {"detail", common::evidence_text(observed.error().detail)}});
        return common::probe_error_finding(k_id, address, observed.error(),
                                           "the plain-HTTP request to " + endpoint);
    }

    const facts::HttpResponse& response = observed.value();
    const std::string status = std::to_string(response.status);
    nlohmann::json evidence{{"endpoint", endpoint}, {"status", response.status}};
    nlohmann::json params{{"endpoint", endpoint}, {"status", status}};
    const facts::HttpHeader* location_header = response.header("Location");
    if (location_header) evidence["location"] = common::evidence_text(location_header->value);

    if (response.status < 300 || response.status > 399)
        return common::conclude(k_id, address, "content-on-http", params, std::move(evidence));
    if (!location_header) return common::conclude(k_id, address, "redirect-without-location", params, std::move(evidence));

    const std::string& location = location_header->value;
    const std::optional<LocationTarget> target = parse_location(location);
    if (!target)
        return common::conclude(k_id, address, "invalid-location", params, std::move(evidence));
    evidence["location_form"] = form_name(target->form);
    // A relative or scheme-relative Location keeps the request's scheme: http (RFC 3986 §5.2).
    const std::string scheme = target->form == LocationTarget::Form::absolute ? target->scheme : "http";
    const std::string host = target->form == LocationTarget::Form::relative ? facts.target().host
                                                                            : target->host;
    evidence["location_scheme"] = scheme;
    evidence["location_host"] = common::evidence_text(host);
    if (target->port) evidence["location_port"] = *target->port;

    params["location"] = common::display_text(location);
    if (scheme != "https") {
        params["scheme"] = scheme;
        return common::conclude(k_id, address, "redirect-not-https", params, std::move(evidence));
    }
    // RFC 6797 §7.2 / the HSTS preload rules: the first hop must stay on the same host, so
    // that the host's own HSTS policy is seen before going anywhere else.
    if (host != facts.target().host) {
        params["host"] = common::display_text(host);
        params["target_host"] = facts.target().host;
        return common::conclude(k_id, address, "redirect-other-host", params, std::move(evidence));
    }
    return common::conclude(k_id, address, "redirects-to-https", params, std::move(evidence));
}

}  // namespace

std::vector<Finding> check_https_redirect(const facts::TargetFacts& facts) {
    return common::judge_each_address(
        facts, k_id,
        [&](const std::string& address) -> std::vector<facts::Request> {
            return {common::http_first(facts, address)};
        },
        [&](const std::string& address) { return judge_address(facts, address); });
}

const Check& https_redirect_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::https,
            .title = "HTTP redirects to HTTPS",
            .scored = true,
            .needs_name = false,
            .why = "People type or follow plain http:// links, and every such visit can be "
                   "read or altered on the way. A redirect straight to https:// on the same "
                   "host moves visitors to the protected site at once, and lets the browser "
                   "learn the site's HSTS policy before anything else happens. Sending the "
                   "first hop to another host, or serving pages over HTTP, leaves that window "
                   "open.",
            .fix = "Make the port-80 server answer every request with a permanent redirect "
                   "(301 or 308) to the same URL on https:// with the same host name. If you "
                   "want visitors on another name (for example www), redirect there only "
                   "after this first hop, from the HTTPS site. Alternatively, close port 80 "
                   "altogether.",
            .snippets = {{"nginx",
                          "server {\n"
                          "    listen 80;\n"
                          "    listen [::]:80;\n"
                          "    server_name example.com;\n"
                          "    return 301 https://$host$request_uri;\n"
                          "}"},
                         {"Apache",
                          "<VirtualHost *:80>\n"
                          "    ServerName example.com\n"
                          "    Redirect permanent / https://example.com/\n"
                          "</VirtualHost>"}},
            .refs = {{"RFC 6797 §7.2 (HSTS: HTTP request type)",
                      "https://www.rfc-editor.org/rfc/rfc6797#section-7.2"},
                     {"RFC 9110 §15.4 (Redirection 3xx)",
                      "https://www.rfc-editor.org/rfc/rfc9110#section-15.4"},
                     {"RFC 9110 §10.2.2 (Location)",
                      "https://www.rfc-editor.org/rfc/rfc9110#section-10.2.2"},
                     {"HSTS preload list requirements", "https://hstspreload.org/"}},
            .facts = {"dns", "http"},
            .outcomes = {{"redirects-to-https", Status::pass, "Plain HTTP on {endpoint} redirects ({status}) to {location}"},
                         {"no-plain-http", Status::pass, "Nothing listens on {endpoint} (no plain HTTP)"},
                         {"content-on-http", Status::fail,
                          "Plain HTTP on {endpoint} answers with status {status} instead of redirecting to HTTPS"},
                         {"redirect-without-location", Status::fail,
                          "Plain HTTP on {endpoint} answers {status} without a Location header"},
                         {"invalid-location", Status::fail,
                          "Plain HTTP on {endpoint} redirects to an unparsable or ambiguous Location"},
                         {"redirect-not-https", Status::fail,
                          "Plain HTTP on {endpoint} redirects to {scheme}, not https: {location}"},
                         {"redirect-other-host", Status::fail,
                          "Plain HTTP on {endpoint} redirects to another host ({host}) instead of https://{target_host}"}},
        },
        check_https_redirect};
    return check;
}

}  // namespace osescan::checks::https
