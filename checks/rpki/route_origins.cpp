#include "checks/rpki/route_origins.hpp"

#include <algorithm>

namespace osescan::checks::rpki {

namespace {

facts::DnsRequest cymru_request(const std::string& name) {
    return facts::DnsRequest{name, "TXT", facts::DnsVia::stub, {}};
}

// A TXT record's text is its character-strings concatenated (RFC 7208 §3.3 does the same
// for SPF; Team Cymru sends one string).
std::string txt_text(const facts::DnsRecord& record) {
    std::string text;
    for (const std::string& part : record.txt) {
        if (text.size() + part.size() > k_max_cymru_text + 1) break;  // the parser rejects it anyway
        text += part;
    }
    return text;
}

}  // namespace

std::string asn_source(const facts::TargetFacts& facts) {
    return facts.context().setting<std::string>(k_asn_source_setting, k_asn_source_cymru_dns);
}

bool asn_source_supported(const std::string& source) { return source == k_asn_source_cymru_dns; }

std::optional<facts::Request> origin_request(const std::string& source, const std::string& address) {
    if (!asn_source_supported(source)) return std::nullopt;
    const auto name = cymru_origin_name(address);
    if (!name) return std::nullopt;
    return cymru_request(*name);
}

AddressRoutes address_routes(const facts::TargetFacts& facts, const std::string& source,
                             const std::string& address) {
    AddressRoutes out;
    const auto parsed_address = facts::parse_ip_address(address);
    const auto name = cymru_origin_name(address);
    if (!asn_source_supported(source) || !parsed_address || !name) {
        out.unknown_outcome = "origin-unknown";
        out.unknown_why = !parsed_address ? "\"" + address + "\" is not an IP address"
                                          : "unsupported ASN source \"" + source + "\"";
        return out;
    }
    out.query = *name;
    const auto& answer = facts.dns(cymru_request(*name));
    if (!answer.ok()) {
        out.lookup_error = answer.error();
        return out;
    }
    const facts::DnsAnswer& a = answer.value();
    if (a.rcode != "NOERROR" && a.rcode != "NXDOMAIN") {
        out.lookup_error = facts::ProbeError{facts::probe_error::dns_error, "TXT " + *name + ": " + a.rcode};
        return out;
    }
    const auto records = a.records("TXT");
    for (const facts::DnsRecord* record : records) {
        const std::string text = txt_text(*record);
        CymruParse parse = parse_cymru_origin(text);
        if (!parse.origin) {
            out.rejected.push_back({{"text", text.substr(0, k_max_cymru_text)}, {"why", parse.error}});
            continue;
        }
        if (!contains(parse.origin->prefix, *parsed_address)) {
            out.rejected.push_back({{"text", text}, {"why", "prefix does not cover " + address}});
            continue;
        }
        out.origins.push_back(std::move(*parse.origin));
    }
    for (const CymruOrigin& origin : out.origins) {
        for (uint32_t asn : origin.asns) {
            facts::RouteRequest route{to_string(origin.prefix), asn};
            if (std::find(out.routes.begin(), out.routes.end(), route) != out.routes.end()) continue;
            if (out.routes.size() >= k_max_routes_per_address) break;
            out.routes.push_back(std::move(route));
        }
    }
    if (out.routes.empty()) {
        if (records.empty()) {
            out.unknown_outcome = "origin-unknown";
            out.unknown_why = a.nxdomain() ? "the origin service has no route for " + address +
                                                 " (NXDOMAIN): the address does not seem to be announced in BGP"
                                           : "the origin service returned no TXT record for " + address +
                                                 ": the address does not seem to be announced in BGP";
        } else {
            out.unknown_outcome = "origin-unparseable";
            out.unknown_why = "none of the origin service's " + std::to_string(records.size()) +
                              " answer(s) for " + address + " could be understood";
        }
    }
    return out;
}

}  // namespace osescan::checks::rpki
