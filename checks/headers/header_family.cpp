#include "checks/check.hpp"
#include "checks/headers/header_checks.hpp"

namespace osescan::checks::headers {

const std::vector<Check>& checks() {
    static const std::vector<Check> list{csp_check(),
                                         x_frame_options_check(),
                                         x_content_type_options_check(),
                                         referrer_policy_check(),
                                         permissions_policy_check(),
                                         cookies_check()};
    return list;
}

}  // namespace osescan::checks::headers
