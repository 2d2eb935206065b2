// The rpki family: route-origin validation (RFC 6811) of the routes to every address the
// domain depends on, one pair of checks per role (web servers, name servers, mail servers).
#include "checks/check.hpp"
#include "checks/rpki/route_judgement.hpp"

namespace osescan::checks::rpki {

namespace {

constexpr Role k_web{"web", "web server", web_role_addresses};
constexpr Role k_ns{"ns", "name server", ns_role_addresses};
constexpr Role k_mx{"mx", "mail server", mx_role_addresses};

std::vector<Finding> web_roa_exists(const facts::TargetFacts& f) { return judge_routes(f, k_web, Aspect::roa_exists); }
std::vector<Finding> web_valid(const facts::TargetFacts& f) { return judge_routes(f, k_web, Aspect::valid); }
std::vector<Finding> ns_roa_exists(const facts::TargetFacts& f) { return judge_routes(f, k_ns, Aspect::roa_exists); }
std::vector<Finding> ns_valid(const facts::TargetFacts& f) { return judge_routes(f, k_ns, Aspect::valid); }
std::vector<Finding> mx_roa_exists(const facts::TargetFacts& f) { return judge_routes(f, k_mx, Aspect::roa_exists); }
std::vector<Finding> mx_valid(const facts::TargetFacts& f) { return judge_routes(f, k_mx, Aspect::valid); }

const Reference k_rfc6480{"RFC 6480 (RPKI)", "https://www.rfc-editor.org/rfc/rfc6480"};
const Reference k_rfc6482{"RFC 6482 (ROA)", "https://www.rfc-editor.org/rfc/rfc6482"};
const Reference k_rfc6811{"RFC 6811 §2 (origin validation)", "https://www.rfc-editor.org/rfc/rfc6811#section-2"};
const Reference k_rfc6483{"RFC 6483 §4 (AS0 ROAs)", "https://www.rfc-editor.org/rfc/rfc6483#section-4"};
const Reference k_rfc8210{"RFC 8210 (RPKI to Router protocol)", "https://www.rfc-editor.org/rfc/rfc8210"};
const Reference k_rfc9319{"RFC 9319 (maxLength, BCP 185)", "https://www.rfc-editor.org/rfc/rfc9319"};
const Reference k_manrs{"MANRS: global validation", "https://www.manrs.org/netops/guide/global-validation/"};

constexpr std::string_view k_roa_why =
    "A Route Origin Authorisation (ROA) is the address holder's signed statement of which "
    "network (AS) may announce its addresses in BGP. Networks that validate routes use ROAs "
    "to reject hijacked and leaked announcements; without a ROA they cannot tell a false "
    "route to your servers from the real one, and traffic to them can be diverted.";
constexpr std::string_view k_roa_fix =
    "Ask whoever holds the address block - your hosting provider or network; for your own "
    "addresses, your RIR's portal (RIPE NCC, ARIN, APNIC, LACNIC, AFRINIC) - to publish a "
    "ROA for every announced prefix of your servers, naming the origin AS and a maxLength "
    "equal to the announced prefix length.";
constexpr std::string_view k_valid_why =
    "RPKI route-origin validation (RFC 6811) classifies every BGP route as valid, invalid or "
    "not-found. Networks that validate drop invalid routes, so a server reachable only over "
    "an invalid route is unreachable from a large and growing part of the Internet; a "
    "not-found route enjoys no protection against hijacks.";
constexpr std::string_view k_valid_fix =
    "Make the ROAs match the announcements: an invalid route either comes from an AS that no "
    "ROA names (add a ROA for the real origin, or remove the wrong announcement) or is more "
    "specific than the ROA's maxLength allows (announce the ROA's prefix, or publish a ROA "
    "for the longer prefix; prefer exact ROAs over a large maxLength, RFC 9319). An AS0 ROA "
    "means the holder does not want the prefix routed at all. Not-found: ask your hosting "
    "provider / network to publish ROAs.";

// How a route judgement reads: "{server} {address}: " and what the worst route says. A stale
// VRP source turns a pass into its "-stale-vrps" warning and adds {note} to the others.
std::vector<Outcome> outcomes(const Role& role, Aspect aspect) {
    std::vector<Outcome> out;
    if (aspect == Aspect::valid) {
        out = {
            {"valid", Status::pass, "{server} {address}: {routes} {are} RPKI-valid"},
            {"valid-stale-vrps", Status::warn,
             "{server} {address}: {routes} {are} RPKI-valid; but the VRP data is stale{age}: refresh the VRP source"},
            {"not-found", Status::warn,
             "{server} {address}: no ROA covers {route} (RPKI not-found): ask your hosting provider / network to "
             "publish one{note}"},
            blocking({"invalid-as-mismatch", Status::fail,
             "{server} {address}: {route} is RPKI-invalid: no ROA authorises AS{asn} to originate it (the ROAs name "
             "{roa_asns}); networks that validate drop this route, or will{note}"}),
            blocking({"invalid-too-specific", Status::fail,
             "{server} {address}: {route} is RPKI-invalid: AS{asn} is authorised only up to /{max_length} (the ROA's "
             "maxLength) and this route is longer; networks that validate drop this route, or will{note}"}),
            blocking({"invalid-as0", Status::fail,
             "{server} {address}: {route} is RPKI-invalid: only AS0 ROAs cover it: the address holder says it must "
             "not be routed (RFC 6483 §4); networks that validate drop this route, or will{note}"}),
            {"unknown-state", Status::error, "{server} {address}: {route}: unknown validation state \"{state}\"{note}"},
        };
    } else {
        out = {
            {"roa-exists", Status::pass, "{server} {address}: {covered}"},
            {"roa-exists-stale-vrps", Status::warn,
             "{server} {address}: {covered}; but the VRP data is stale{age}: refresh the VRP source"},
            {"roa-missing", Status::warn,
             "{server} {address}: no ROA covers {route}: ask your hosting provider / network to publish one{note}"},
            {"unknown-state", Status::error, "{server} {address}: {route}: unknown validation state{note}"},
        };
    }
    // Every role, either aspect: no VRP set to judge against, said once per check (every
    // address would say the same): turned off by the user, or the default source could not be
    // loaded (offline with no cached copy). The latter is "could not tell", never a pass.
    out.push_back({"rpki-off", Status::not_applicable, "Not checked: {why}"});
    out.push_back({"no-vrp-source", Status::error, "Could not tell: {why}"});
    // Every role, either aspect: the routes could not be found.
    out.push_back({"origin-unknown", Status::error, "Could not tell: {why}"});
    out.push_back({"origin-unparseable", Status::error, "Could not tell: {why}"});
    out.push_back({"unsupported-asn-source", Status::error,
                   "Could not tell: unsupported ASN source \"{source}\" (setting rpki.asn_source; supported: "
                   "cymru-dns)"});
    // The mail servers only (find_mail_hosts): a domain without MX hosts has none to judge.
    if (role.name == "mx") out.push_back({"no-mx-servers", Status::not_applicable, "{none_because}"});
    return out;
}

CheckInfo info(std::string_view id, std::string_view title, bool needs_name, const Role& role, Aspect aspect) {
    CheckInfo i;
    i.id = id;
    i.family = Family::rpki;
    i.title = title;
    i.scored = true;
    i.needs_name = needs_name;
    if (aspect == Aspect::roa_exists) {
        i.why = k_roa_why;
        i.fix = k_roa_fix;
        i.refs = {k_rfc6480, k_rfc6482, k_rfc6811, k_rfc8210, k_manrs};
    } else {
        i.why = k_valid_why;
        i.fix = k_valid_fix;
        i.refs = {k_rfc6811, k_rfc6483, k_rfc9319, k_rfc6480, k_rfc8210, k_manrs};
    }
    i.facts = {"dns", "route"};
    i.outcomes = outcomes(role, aspect);
    return i;
}

}  // namespace

const std::vector<Check>& checks() {
    static const std::vector<Check> list{
        {info("rpki.web.roa_exists", "ROAs for the routes to the web servers", false, k_web, Aspect::roa_exists),
         web_roa_exists},
        {info("rpki.web.valid", "Route-origin validity of the web servers' routes", false, k_web, Aspect::valid),
         web_valid},
        {info("rpki.ns.roa_exists", "ROAs for the routes to the name servers", true, k_ns, Aspect::roa_exists),
         ns_roa_exists},
        {info("rpki.ns.valid", "Route-origin validity of the name servers' routes", true, k_ns, Aspect::valid),
         ns_valid},
        {info("rpki.mx.roa_exists", "ROAs for the routes to the mail servers (MX)", true, k_mx, Aspect::roa_exists),
         mx_roa_exists},
        {info("rpki.mx.valid", "Route-origin validity of the mail servers' routes", true, k_mx, Aspect::valid), mx_valid},
    };
    return list;
}

}  // namespace osescan::checks::rpki
