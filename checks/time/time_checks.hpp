#pragma once
// The time family (RFC 8915 Network Time Security, RFC 5905 NTPv4): one entry per check.

#include "checks/check.hpp"

namespace osescan::checks::time {

const Check& nts_ke_check();
const Check& nts_ntp_check();
const Check& ntp_time_check();

}  // namespace osescan::checks::time
