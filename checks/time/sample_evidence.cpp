#include "checks/time/sample_evidence.hpp"

#include <cmath>
#include <cstdio>

#include "checks/common/display_text.hpp"
#include "checks/common/web_host.hpp"

namespace osescan::checks::time {

std::string milliseconds_text(double ms) {
    char text[64];
    std::snprintf(text, sizeof text, "%.1f", std::isfinite(ms) ? ms : 0.0);
    return text;
}

nlohmann::json exchange_evidence(const facts::NtpExchange& e) {
    nlohmann::json j{{"outcome", e.outcome}, {"server", common::address_port(e.address, e.port)}};
    if (!e.detail.empty()) j["detail"] = common::evidence_text(e.detail);
    if (e.outcome == facts::ntp_outcome::ok || e.outcome == facts::ntp_outcome::kiss ||
        e.outcome == facts::ntp_outcome::nts_nak) {
        const facts::NtpSample& s = e.sample;
        j["packet"] = {{"leap", s.leap},
                       {"version", s.version},
                       {"mode", s.mode},
                       {"stratum", s.stratum},
                       {"poll", s.poll},
                       {"precision", s.precision},
                       {"root_delay_ms", s.root_delay_ms},
                       {"root_dispersion_ms", s.root_dispersion_ms},
                       {"reference_id", common::evidence_text(s.reference_id)}};
        j["offset_ms"] = s.offset_ms;
        j["delay_ms"] = s.delay_ms;
        j["root_distance_ms"] = s.root_distance_ms;
        j["extension_fields"] = e.extension_fields;
        j["new_cookies"] = e.new_cookies;
    }
    return j;
}

}  // namespace osescan::checks::time
