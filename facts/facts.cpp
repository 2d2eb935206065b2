#include "facts/facts.hpp"

#include <algorithm>
#include <cctype>

namespace osescan::facts {

namespace {
bool iequals(const std::string& a, const std::string& b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
               return std::tolower(x) == std::tolower(y);
           });
}

std::string join(const std::vector<std::string>& items, char sep) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += sep;
        out += items[i];
    }
    return out;
}

const char* via_name(DnsVia via) {
    switch (via) {
        case DnsVia::stub: return "stub";
        case DnsVia::validator: return "validator";
        case DnsVia::direct: return "direct";
    }
    return "?";
}
}  // namespace

bool is_time_server(const Target& target) {
    static const std::string scheme = "nts://";
    return target.input.size() > scheme.size() && iequals(target.input.substr(0, scheme.size()), scheme);
}

std::vector<const DnsRecord*> DnsAnswer::records(const std::string& type) const {
    std::vector<const DnsRecord*> out;
    for (const DnsRecord& r : answer)
        if (iequals(r.type, type)) out.push_back(&r);
    return out;
}

const HttpHeader* HttpResponse::header(const std::string& name) const {
    for (const HttpHeader& h : headers)
        if (iequals(h.name, name)) return &h;
    return nullptr;
}

std::vector<const HttpHeader*> HttpResponse::all_headers(const std::string& name) const {
    std::vector<const HttpHeader*> out;
    for (const HttpHeader& h : headers)
        if (iequals(h.name, name)) out.push_back(&h);
    return out;
}

std::string request_key(const Request& request) {
    struct Keyer {
        std::string operator()(const DnsRequest& r) const {
            std::string name = r.name;
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return std::tolower(c); });
            std::string key = std::string("dns:") + via_name(r.via);
            if (r.via == DnsVia::direct) key += "@" + r.server;
            return key + ":" + name + "/" + r.type;
        }
        std::string operator()(const TlsRequest& r) const {
            return "tls:" + r.address + ":" + std::to_string(r.port) + ":sni=" + r.sni +
                   ":v=" + r.version + ":c=" + r.ciphers + ":s=" + r.ciphersuites +
                   ":g=" + r.groups + ":alpn=" + join(r.alpn, ',');
        }
        std::string operator()(const HttpRequest& r) const {
            return "http:" + r.method + " " + r.scheme + "://" + r.host + ":" +
                   std::to_string(r.port) + r.path + "@" + r.address;
        }
        std::string operator()(const RouteRequest& r) const {
            return "route:" + r.prefix + ":AS" + std::to_string(r.origin_asn);
        }
        std::string operator()(const TlsScanRequest& r) const {
            return "tls-scan:" + r.address + ":" + std::to_string(r.port) + ":sni=" + r.sni + ":" + r.aspect +
                   ":v=" + r.version + (r.starttls.empty() ? "" : ":starttls=" + r.starttls);
        }
        std::string operator()(const NtsRequest& r) const {
            return "nts:" + r.address + ":" + std::to_string(r.port) + ":sni=" + r.host;
        }
        std::string operator()(const NtpRequest& r) const {
            return "ntp:" + r.address + ":" + std::to_string(r.port);
        }
        std::string operator()(const TlsBehaviourRequest& r) const {
            return "tls-behaviour:" + r.address + ":" + std::to_string(r.port) + ":sni=" + r.sni + ":" + r.aspect +
                   ":host=" + r.host + ":path=" + r.path;
        }
        std::string operator()(const RevocationRequest& r) const {
            return "revocation:" + r.method + " " + r.url + "@" + r.address + ":cert=" + r.certificate_sha256 +
                   ":issuer=" + r.issuer_sha256;
        }
        std::string operator()(const SmtpRequest& r) const {
            return "smtp:" + r.address + ":" + std::to_string(r.port) + ":host=" + r.host;
        }
    };
    return std::visit(Keyer{}, request);
}

const char* request_kind(const Request& request) {
    struct Kind {
        const char* operator()(const DnsRequest&) const { return "dns"; }
        const char* operator()(const TlsRequest&) const { return "tls"; }
        const char* operator()(const HttpRequest&) const { return "http"; }
        const char* operator()(const RouteRequest&) const { return "route"; }
        const char* operator()(const TlsScanRequest&) const { return "tls-scan"; }
        const char* operator()(const NtsRequest&) const { return "nts"; }
        const char* operator()(const NtpRequest&) const { return "ntp"; }
        const char* operator()(const TlsBehaviourRequest&) const { return "tls-behaviour"; }
        const char* operator()(const RevocationRequest&) const { return "revocation"; }
        const char* operator()(const SmtpRequest&) const { return "smtp"; }
    };
    return std::visit(Kind{}, request);
}

const Observation* FactStore::find(const std::string& key) const {
    auto it = m_observations.find(key);
    return it == m_observations.end() ? nullptr : &it->second;
}

void FactStore::put(Observation observation) {
    std::string key = request_key(observation.request);
    m_observations.insert_or_assign(std::move(key), std::move(observation));
}

}  // namespace osescan::facts
