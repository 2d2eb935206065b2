// The ipv6 family: can people on IPv6 reach the domain's name servers and web site, and do
// they get the same site? (Mail: ipv6.mx.address, added with the mail family.)
#include "checks/check.hpp"
#include "checks/common/mx_hosts.hpp"
#include "checks/ipv6/ipv6_verdicts.hpp"

namespace osescan::checks::ipv6 {

namespace {

const Reference k_rfc3596{"RFC 3596 (AAAA records)", "https://www.rfc-editor.org/rfc/rfc3596"};
const Reference k_rfc4291{"RFC 4291 §2.4 (IPv6 address types)", "https://www.rfc-editor.org/rfc/rfc4291#section-2.4"};
const Reference k_rfc6890{"RFC 6890 (special-purpose address registries)", "https://www.rfc-editor.org/rfc/rfc6890"};
const Reference k_rfc3901{"RFC 3901 (DNS IPv6 transport guidelines)", "https://www.rfc-editor.org/rfc/rfc3901"};
const Reference k_rfc6555{"RFC 6555 (Happy Eyeballs)", "https://www.rfc-editor.org/rfc/rfc6555"};
const Reference k_rfc8305{"RFC 8305 (Happy Eyeballs v2)", "https://www.rfc-editor.org/rfc/rfc8305"};
const Reference k_internet_nl{"internet.nl: IPv6 explained", "https://internet.nl/faqs/ipv6/"};
const Reference k_rfc5321{"RFC 5321 §5.1 (locating the target host)", "https://www.rfc-editor.org/rfc/rfc5321#section-5.1"};

const Check& ns_address_check() {
    static const Check check{
        CheckInfo{
            .id = "ipv6.ns.address",
            .family = Family::ipv6,
            .title = "Name servers have IPv6 addresses",
            .scored = true,
            .needs_name = true,
            .why = "Resolvers on IPv6-only networks (large mobile networks, modern data centres) can only "
                   "reach name servers that have an IPv6 address. If none of the domain's name servers has "
                   "one, the whole domain - web site and mail - depends on translation services; with only "
                   "one, a single outage cuts IPv6-only resolvers off. At least two name servers need a "
                   "public AAAA record.",
            .fix = "Ask your DNS provider for name servers with IPv6 (most offer them already; then list "
                   "those names in the NS set at the registrar). With your own servers, give at least two "
                   "of them a public IPv6 address, make them listen on it, and publish AAAA records (and, "
                   "if their names are inside your domain, IPv6 glue at the registrar).",
            .snippets = {{"DNS zone",
                          "example.com.      NS    ns1.example.net.\n"
                          "example.com.      NS    ns2.example.org.\n"
                          "; in the zones of the name servers' own names:\n"
                          "ns1.example.net.  AAAA  2001:db8:1::53\n"
                          "ns2.example.org.  AAAA  2001:db8:2::53"},
                         {"BIND (named.conf)", "options {\n    listen-on-v6 { any; };\n};"}},
            .refs = {k_rfc3596, k_rfc3901, k_rfc4291, k_internet_nl},
            .facts = {"dns"},
            .outcomes = {{"enough-ipv6-name-servers", Status::pass, "{count} name servers of {zone} have an IPv6 address ({names})"},
                         {"non-public-address", Status::warn,
                          "{count} name servers of {zone} have a public IPv6 address, but some AAAA records are not "
                          "public addresses (see evidence)"},
                         {"too-few-ipv6-name-servers", Status::fail,
                          "Only {count} name servers of {zone} have a public IPv6 address (at least 2 needed){without}"}},
        },
        check_ns_address};
    return check;
}

const Check& ns_reachable_check() {
    static const Check check{
        CheckInfo{
            .id = "ipv6.ns.reachable",
            .family = Family::ipv6,
            .title = "Name servers answer over IPv6",
            .scored = true,
            .needs_name = true,
            .why = "An AAAA record for a name server that does not answer over IPv6 makes every IPv6 "
                   "resolver wait for a timeout before it tries another server, slowing down every lookup "
                   "of the domain; if all of them fail, the domain is unreachable for IPv6-only resolvers. "
                   "Each IPv6 address of each name server is asked directly for the zone's SOA record.",
            .fix = "For each address listed, check that the name server listens on it (port 53, UDP and "
                   "TCP), that firewalls and security groups allow DNS over IPv6, that the route to it "
                   "works, and that the server is authoritative for the zone. Remove AAAA records of "
                   "servers that cannot be given working IPv6.",
            .snippets = {{"Test (dig)", "dig -6 @2001:db8:1::53 example.com SOA +norecurse\ndig -6 +tcp @2001:db8:1::53 example.com SOA +norecurse"},
                         {"nftables", "ip6 nexthdr { udp, tcp } th dport 53 accept"}},
            .refs = {k_rfc3901, k_rfc3596, k_internet_nl},
            .facts = {"dns"},
            .outcomes = {{"ipv6-name-servers-answer", Status::pass,
                          "All {asked} IPv6 name-server addresses of {zone} answer for the zone over IPv6"},
                         {"ipv6-name-server-unreachable", Status::fail,
                          "{failing} of {asked} IPv6 name-server addresses of {zone} do not answer for the zone: {list}"},
                         {"no-ipv6-name-servers", Status::not_applicable,
                          "No name server of {zone} has a public IPv6 address to ask (see ipv6.ns.address)"}},
        },
        check_ns_reachable};
    return check;
}

const Check& web_address_check() {
    static const Check check{
        CheckInfo{
            .id = "ipv6.web.address",
            .family = Family::ipv6,
            .title = "Web site has IPv6 addresses",
            .scored = true,
            .needs_name = true,
            .why = "IPv4 addresses ran out years ago; a growing share of users (whole mobile networks) "
                   "connect over IPv6 and reach IPv4-only sites only through carrier translation, which "
                   "is slower, shared and hides who they are. A site is on the IPv6 Internet when both its "
                   "domain and its www name have an AAAA record with a public address (not link-local, "
                   "unique-local, IPv4-mapped, documentation or tunnel space).",
            .fix = "Get an IPv6 address from your hosting provider (most include one), configure the web "
                   "server to listen on it, and publish AAAA records for the domain and for www. Check "
                   "reachability first (ipv6.web.reachable): an AAAA that does not work is worse than none.",
            .snippets = {{"DNS zone", "example.com.      AAAA  2001:db8:10::80\nwww.example.com.  AAAA  2001:db8:10::80"},
                         {"nginx", "server {\n    listen 443 ssl;\n    listen [::]:443 ssl;\n    listen 80;\n    listen [::]:80;\n}"}},
            .refs = {k_rfc3596, k_rfc4291, k_rfc6890, k_internet_nl},
            .facts = {"dns"},
            .outcomes = {{"aaaa-present", Status::pass, "Public IPv6 addresses (AAAA) for {host}{detail}"},
                         {"non-public-address", Status::warn,
                          "The site has public IPv6 addresses, but also AAAA records that are not public addresses "
                          "(see evidence)"},
                         {"no-aaaa", Status::fail, "No public IPv6 address (AAAA) for {names}"},
                         {"host-has-no-address", Status::error, "Could not tell: {host} has no A or AAAA record"}},
        },
        check_web_address};
    return check;
}

const Check& web_reachable_check() {
    static const Check check{
        CheckInfo{
            .id = "ipv6.web.reachable",
            .family = Family::ipv6,
            .title = "Web site reachable over IPv6",
            .scored = true,
            .needs_name = false,
            .why = "An AAAA record that leads nowhere hurts more than a missing one: browsers try IPv6 "
                   "first and fall back to IPv4 only after a delay (Happy Eyeballs), many other clients "
                   "(apps, scripts, crawlers) do not fall back at all, and IPv6-only users have no other "
                   "way in. Every IPv6 address of the site must accept connections on the HTTPS port (and "
                   "on port 80 when IPv4 serves it).",
            .fix = "For each failing address: make the web server listen on it (listen [::]:443 and "
                   "[::]:80), open ports 80 and 443 for IPv6 in the firewall and any cloud security group, "
                   "and check the route. If IPv6 cannot be made to work quickly, remove the AAAA record "
                   "until it does.",
            .snippets = {{"nginx", "listen [::]:443 ssl;\nlisten [::]:80;"},
                         {"Apache", "Listen [::]:443\nListen [::]:80"},
                         {"Test (curl)", "curl -6 -sS -o /dev/null -w '%{http_code}\\n' https://example.com/"}},
            .refs = {k_rfc6555, k_rfc8305, k_rfc3596, k_internet_nl},
            .facts = {"dns", "tls", "http"},
            .outcomes = {{"ipv6-reachable", Status::pass, "Reachable over IPv6 on port {port}{port80}"},
                         {"ipv6-unreachable", Status::fail, "Not reachable over IPv6: {failures}"},
                         {"cannot-tell", Status::error, "Could not tell: {what}"},
                         {"no-ipv6", Status::not_applicable,
                          "{host} has no public IPv6 address to connect to (see ipv6.web.address)"}},
        },
        check_web_reachable};
    return check;
}

const Check& same_content_check() {
    static const Check check{
        CheckInfo{
            .id = "ipv6.web.same_content",
            .family = Family::ipv6,
            .title = "Same web site over IPv6 and IPv4",
            .scored = true,
            .needs_name = false,
            .why = "Visitors must get the same site whichever protocol their connection happens to use. "
                   "When the IPv6 address leads to another server - an old machine, a load balancer's "
                   "default page, a missing virtual host - IPv6 users see something else, and the site "
                   "owner, who usually connects over IPv4, does not notice. The first HTTPS response over "
                   "each IPv6 address is compared with the one over IPv4: status, redirect target, and "
                   "the page text (word 3-shingle similarity of at least 0.9, digits ignored, so that "
                   "dates and counters do not count).",
            .fix = "Serve the same configuration on both families: the same virtual hosts with the same "
                   "server_name on the IPv4 and IPv6 listeners, or the same backend behind both addresses. "
                   "Compare curl -4 and curl -6 for the listed address.",
            .snippets = {{"nginx", "server {\n    listen 443 ssl;\n    listen [::]:443 ssl;   # same server block for both\n    server_name example.com www.example.com;\n}"},
                         {"Test (curl)", "diff <(curl -4 -s https://example.com/) <(curl -6 -s https://example.com/)"}},
            .refs = {k_rfc6555, k_rfc8305, k_internet_nl},
            .facts = {"dns", "http"},
            .outcomes = {{"same-content", Status::pass,
                          "Same response over IPv6 and IPv4 (status {ipv6_status}, similarity {similarity})"},
                         {"error-status-one-side", Status::warn,
                          "An error status on one side only: {ipv6_status} over IPv6, {ipv4_status} over IPv4"},
                         {"different-status", Status::fail,
                          "Different HTTPS responses: {ipv6_status} over IPv6, {ipv4_status} over IPv4"},
                         {"different-redirect", Status::fail,
                          "Different redirect targets: {ipv6_location} over IPv6, {ipv4_location} over IPv4"},
                         {"different-content", Status::fail,
                          "Different content over IPv6 and IPv4 (similarity {similarity}, at least {threshold} "
                          "expected)"},
                         {"no-ipv6", Status::not_applicable, "{host} has no public IPv6 address (see ipv6.web.address)"},
                         {"ipv6-only", Status::not_applicable,
                          "{host} is reachable over IPv6 only: there is no IPv4 version to compare with (IPv4-only "
                          "visitors cannot reach it, which this family does not score)"}},
        },
        check_same_content};
    return check;
}

const Check& mx_address_check() {
    static const Check check{
        CheckInfo{
            .id = "ipv6.mx.address",
            .family = Family::ipv6,
            .title = "Mail servers (MX) have IPv6 addresses",
            .scored = true,
            .needs_name = true,
            .why = "A sending mail server finds where to deliver through the MX records and then the "
                   "addresses of each MX host. Mail servers on IPv6-only networks can deliver only to MX "
                   "hosts with an IPv6 address (AAAA record); without one, their mail to the domain waits "
                   "in queues or bounces.",
            .fix = "Give every MX host a public IPv6 address, make the mail server listen on it (port 25), "
                   "and publish an AAAA record for the host name (and a matching reverse PTR record, which "
                   "receivers check). With a mail provider, use the MX host names it documents for IPv6.",
            .snippets = {{"DNS zone", "example.com.       MX    10 mail.example.com.\nmail.example.com.  A     198.51.100.25\nmail.example.com.  AAAA  2001:db8:25::25"},
                         {"Postfix (main.cf)", "inet_protocols = all"}},
            .refs = {k_rfc5321, k_rfc3596, k_internet_nl},
            .facts = {"dns"},
            .outcomes = {{"ipv6-mx-host", Status::pass, "MX host {host} has an IPv6 address ({addresses})"},
                         {"non-public-address", Status::warn,
                          "MX host {host} has an IPv6 address ({addresses}), and AAAA records that are not public "
                          "addresses"},
                         {"no-ipv6", Status::fail,
                          "MX host {host} has no IPv6 address (AAAA): IPv6-only mail servers cannot deliver to it"},
                         {"no-public-ipv6", Status::fail,
                          "MX host {host} has only AAAA records that are not public addresses: {reason}"},
                         {"mx-host-missing", Status::fail, "MX host {host} does not exist (NXDOMAIN)"},
                         common::k_no_mail_hosts_outcome},
        },
        check_mx_address};
    return check;
}

}  // namespace

const std::vector<Check>& checks() {
    static const std::vector<Check> list{ns_address_check(),    ns_reachable_check(),  web_address_check(),
                                         web_reachable_check(), same_content_check(), mx_address_check()};
    return list;
}

}  // namespace osescan::checks::ipv6
