#include "checks/common/web_host.hpp"

#include "checks/common/dns_answer.hpp"

namespace osescan::checks::common {

std::vector<std::string> WebAddresses::all() const {
    std::vector<std::string> out = v4;
    out.insert(out.end(), v6.begin(), v6.end());
    return out;
}

WebAddresses web_addresses(const facts::TargetFacts& facts) {
    const facts::Target& target = facts.target();
    WebAddresses out;
    if (target.is_ip) {
        (target.host.find(':') == std::string::npos ? out.v4 : out.v6).push_back(target.host);
        return out;
    }
    const facts::DnsRequest a{target.host, "A", facts::DnsVia::stub, {}};
    const facts::DnsRequest aaaa{target.host, "AAAA", facts::DnsVia::stub, {}};
    facts.need({a, aaaa});
    // A SERVFAIL (e.g. a validating resolver rejecting bogus DNSSEC) says nothing about
    // the addresses: it is reported as such, never as "no addresses".
    const auto ra = usable_answer(facts.dns(a), "A " + target.host);
    const auto raaaa = usable_answer(facts.dns(aaaa), "AAAA " + target.host);
    if (!ra.ok() && !raaaa.ok()) {
        out.problem = ra.error();
        return out;
    }
    if (ra.ok())
        for (const auto* r : ra.value().records("A")) out.v4.push_back(r->data);
    if (raaaa.ok())
        for (const auto* r : raaaa.value().records("AAAA")) out.v6.push_back(r->data);
    if (out.v4.empty() && out.v6.empty()) {
        const bool nx = (ra.ok() && ra.value().nxdomain()) || (raaaa.ok() && raaaa.value().nxdomain());
        if (!ra.ok() || !raaaa.ok())
            out.problem = !ra.ok() ? ra.error() : raaaa.error();
        else
            out.problem = facts::ProbeError{
                facts::probe_error::dns_error,
                nx ? target.host + " does not exist (NXDOMAIN)" : target.host + " has no A or AAAA records"};
    }
    return out;
}

facts::TlsRequest default_tls(const facts::TargetFacts& facts, const std::string& address) {
    facts::TlsRequest r;
    r.address = address;
    r.port = facts.target().port;
    r.sni = facts.target().is_ip ? "" : facts.target().host;
    // A time server's NTS-KE port speaks only ntske/1 (RFC 8915 §4): offer what it serves.
    if (facts::is_time_server(facts.target())) r.alpn = {"ntske/1"};
    else r.alpn = {"h2", "http/1.1"};
    return r;
}

facts::TlsRequest version_tls(const facts::TargetFacts& facts, const std::string& address,
                              const std::string& version) {
    facts::TlsRequest r;
    r.address = address;
    r.port = facts.target().port;
    r.sni = facts.target().is_ip ? "" : facts.target().host;
    r.version = version;
    return r;
}

facts::HttpRequest https_first(const facts::TargetFacts& facts, const std::string& address) {
    return facts::HttpRequest{"https", facts.target().host, address, facts.target().port,
                              facts.target().path, "GET"};
}

facts::HttpRequest http_first(const facts::TargetFacts& facts, const std::string& address) {
    return facts::HttpRequest{"http", facts.target().host, address, 80, facts.target().path, "GET"};
}

std::string address_port(const std::string& address, uint16_t port) {
    if (address.find(':') != std::string::npos) return "[" + address + "]:" + std::to_string(port);
    return address + ":" + std::to_string(port);
}

}  // namespace osescan::checks::common
