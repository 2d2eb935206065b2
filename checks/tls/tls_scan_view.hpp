#pragma once
// How the tls.* and mail.tls.* checks read the `tls-scan` facts (facts/tls_scan.hpp): per
// endpoint (a web address, or an MX address after STARTTLS: common::TlsEndpoint), first the
// `versions` aspect, then the aspects each check needs at the versions accepted. Round 1
// asks `versions` for every endpoint at once, round 2 every endpoint's aspects at once. A
// probe error on a needed fact becomes an `error` finding here, so the checks only judge
// complete facts.

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "checks/common/tls_endpoints.hpp"
#include "checks/finding.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::tls {

// The one way every check builds a tls-scan request (so checks share the facts).
facts::TlsScanRequest scan_request(const common::TlsEndpoint& endpoint, const std::string& aspect,
                                   const std::string& version = "");
// The same for a web address of the target.
facts::TlsScanRequest scan_request(const facts::TargetFacts& facts, const std::string& address,
                                   const std::string& aspect, const std::string& version = "");

// "TLSv1.2", "TLSv1.1", "TLSv1", "SSLv3": versions with TLS <= 1.2 ServerHello features.
bool is_pre_tls13(const std::string& version);
bool is_ssl2(const std::string& version);

struct ScanView {
    const facts::TargetFacts& facts;
    std::string check_id;  // the check concluding: "tls.ciphers", "mail.tls.ciphers"
    const common::TlsEndpoint& at;
    std::string subject;                  // the finding's subject (at.subject)
    std::string endpoint;                 // at.label: "198.51.100.1:443"
    const facts::TlsScan& versions;       // the `versions` fact
    std::vector<std::string> accepted;    // newest first

    bool accepts(const std::string& version) const;
    // The aspect fact at `version` (present and not an error: judge_scan checked).
    const facts::TlsScan& aspect(const std::string& aspect, const std::string& version) const;
};

// (aspect, version) pairs a check needs, given the versions accepted (newest first).
using NeededAspects =
    std::function<std::vector<std::pair<std::string, std::string>>(const std::vector<std::string>& accepted)>;
using ScanJudge = std::function<Finding(const ScanView& view)>;

// What one check reads and how it judges one endpoint: written once, run by tls.<name> over
// the web endpoints and by mail.tls.<name> over the MX endpoints.
struct ScanJudgement {
    NeededAspects needed;
    ScanJudge judge;
};

std::vector<Finding> judge_scan(const facts::TargetFacts& facts, const std::string& check_id,
                                common::EndpointSource source, const ScanJudgement& judgement);

// Each accepted version for which `keep(version)` holds, paired with `aspect`.
std::vector<std::pair<std::string, std::string>> aspect_at(const std::vector<std::string>& accepted,
                                                           const std::string& aspect,
                                                           bool (*keep)(const std::string&));
bool any_version(const std::string& version);
bool not_ssl2(const std::string& version);

std::string join(const std::vector<std::string>& names, const char* separator = ", ");
std::string hex_id(uint32_t id, int digits = 4);   // "0x11EC"

}  // namespace osescan::checks::tls
