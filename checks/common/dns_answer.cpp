#include "checks/common/dns_answer.hpp"

namespace osescan::checks::common {

facts::Observed<facts::DnsAnswer> usable_answer(const facts::Observed<facts::DnsAnswer>& observed,
                                                const std::string& what) {
    if (observed.ok() && observed.value().rcode != "NOERROR" && observed.value().rcode != "NXDOMAIN")
        return facts::ProbeError{facts::probe_error::dns_error, what + ": " + observed.value().rcode};
    return observed;
}

}  // namespace osescan::checks::common
