#include "checks/check.hpp"
#include "checks/https/hsts_policy.hpp"
#include "checks/https/hsts_preload.hpp"
#include "checks/https/http_compression.hpp"
#include "checks/https/https_available.hpp"
#include "checks/https/https_redirect.hpp"
#include "checks/https/security_txt.hpp"

namespace osescan::checks::https {

const std::vector<Check>& checks() {
    static const std::vector<Check> list{https_available_check(), https_redirect_check(),
                                         hsts_policy_check(), security_txt_check(), hsts_preload_check(),
                                         http_compression_check()};
    return list;
}

}  // namespace osescan::checks::https
