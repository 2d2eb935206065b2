#include "checks/tls/tls_scan_view.hpp"

#include <cstdio>

#include "checks/common/findings.hpp"

namespace osescan::checks::tls {

facts::TlsScanRequest scan_request(const common::TlsEndpoint& endpoint, const std::string& aspect,
                                   const std::string& version) {
    facts::TlsScanRequest r;
    r.address = endpoint.address;
    r.port = endpoint.port;
    r.sni = endpoint.sni;
    r.aspect = aspect;
    r.version = version;
    r.starttls = endpoint.starttls;
    return r;
}

facts::TlsScanRequest scan_request(const facts::TargetFacts& facts, const std::string& address,
                                   const std::string& aspect, const std::string& version) {
    return scan_request(common::web_endpoint(facts, address), aspect, version);
}

bool is_pre_tls13(const std::string& version) {
    return version == "TLSv1.2" || version == "TLSv1.1" || version == "TLSv1" || version == "SSLv3";
}
bool is_ssl2(const std::string& version) { return version == facts::tls_version::ssl2; }
bool any_version(const std::string&) { return true; }
bool not_ssl2(const std::string& version) { return !is_ssl2(version); }

bool ScanView::accepts(const std::string& version) const {
    for (const std::string& v : accepted)
        if (v == version) return true;
    return false;
}

const facts::TlsScan& ScanView::aspect(const std::string& aspect, const std::string& version) const {
    return facts.tls_scan(scan_request(at, aspect, version)).value();
}

std::vector<std::pair<std::string, std::string>> aspect_at(const std::vector<std::string>& accepted,
                                                           const std::string& aspect,
                                                           bool (*keep)(const std::string&)) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const std::string& version : accepted)
        if (keep(version)) out.emplace_back(aspect, version);
    return out;
}

namespace {
std::vector<std::string> accepted_versions(const facts::TlsScan& scan) {
    std::vector<std::string> out;
    for (const facts::TlsVersionSupport& v : scan.versions)
        if (v.accepted) out.push_back(v.version);
    return out;
}
}  // namespace

std::vector<Finding> judge_scan(const facts::TargetFacts& facts, const std::string& check_id,
                                common::EndpointSource source, const ScanJudgement& judgement) {
    std::vector<common::TlsEndpoint> endpoints;  // every endpoint, for round 2
    bool aspects_asked = false;
    return common::judge_endpoints(
        facts, check_id, source,
        [&](const common::TlsEndpoint& endpoint) {
            endpoints.push_back(endpoint);
            return std::vector<facts::Request>{scan_request(endpoint, facts::tls_scan_aspect::versions)};
        },
        [&](const common::TlsEndpoint& endpoint) -> Finding {
            // Round 2: the aspects of every endpoint in one need(), before judging the first.
            if (!aspects_asked) {
                aspects_asked = true;
                std::vector<facts::Request> batch;
                for (const common::TlsEndpoint& other : endpoints) {
                    const auto& v = facts.tls_scan(scan_request(other, facts::tls_scan_aspect::versions));
                    if (!v.ok()) continue;
                    for (const auto& [aspect, version] : judgement.needed(accepted_versions(v.value())))
                        batch.push_back(scan_request(other, aspect, version));
                }
                facts.need(batch);
            }
            const std::string& label = endpoint.label;
            const auto& v = facts.tls_scan(scan_request(endpoint, facts::tls_scan_aspect::versions));
            if (!v.ok())
                return common::probe_error_finding(check_id, endpoint.subject, v.error(),
                                                   "the TLS version scan of " + label);
            const ScanView view{
                facts, check_id, endpoint, endpoint.subject, label, v.value(), accepted_versions(v.value())};
            for (const auto& [aspect, version] : judgement.needed(view.accepted)) {
                const auto& a = facts.tls_scan(scan_request(endpoint, aspect, version));
                if (!a.ok()) {
                    Finding finding =
                        common::probe_error_finding(check_id, endpoint.subject, a.error(),
                                                    "the " + aspect + " scan of " + label + " at " + version);
                    finding.evidence["endpoint"] = label;
                    finding.evidence["accepted"] = view.accepted;
                    return finding;
                }
            }
            return judgement.judge(view);
        });
}

std::string join(const std::vector<std::string>& names, const char* separator) {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) out += (i ? separator : "") + names[i];
    return out;
}

std::string hex_id(uint32_t id, int digits) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "0x%0*X", digits, id);
    return buffer;
}

}  // namespace osescan::checks::tls
