#pragma once
// The ScanContext settings the ipv6 checks read (recorded in facts files, so a replay
// judges the same way).

namespace osescan::checks::ipv6 {

// bool, default false: count addresses in the documentation prefixes 2001:db8::/32 and
// 3fff::/20 as public. Only the demo world (which lives in 2001:db8::/32) sets it; on the
// real Internet such an AAAA is always a mistake.
inline constexpr const char* k_allow_documentation_prefix_setting = "ipv6.allow_documentation_prefix";

}  // namespace osescan::checks::ipv6
