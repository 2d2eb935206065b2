#include "checks/time/time_checks.hpp"

namespace osescan::checks::time {

const std::vector<Check>& checks() {
    static const std::vector<Check> list{nts_ke_check(), nts_ntp_check(), ntp_time_check()};
    return list;
}

}  // namespace osescan::checks::time
