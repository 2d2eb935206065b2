#include "checks/certificate/caa_check.hpp"
#include "checks/certificate/certificate_key.hpp"
#include "checks/certificate/certificate_lifetime.hpp"
#include "checks/certificate/certificate_name.hpp"
#include "checks/certificate/certificate_revocation.hpp"
#include "checks/certificate/certificate_signature.hpp"
#include "checks/certificate/certificate_transparency.hpp"
#include "checks/certificate/certificate_trust.hpp"
#include "checks/certificate/certificate_validity.hpp"
#include "checks/certificate/dane_web.hpp"
#include "checks/check.hpp"

namespace osescan::checks::certificate {

const std::vector<Check>& checks() {
    static const std::vector<Check> list{certificate_trust_check(), certificate_name_check(),
                                         certificate_validity_check(), certificate_key_check(),
                                         certificate_signature_check(), certificate_revocation_check(),
                                         certificate_transparency_check(), certificate_lifetime_check(),
                                         dane_web_check(), caa_check()};
    return list;
}

}  // namespace osescan::checks::certificate
