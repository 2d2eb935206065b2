#pragma once
// The ScanContext settings the RPKI checks read. They are recorded in facts files, so a
// replay judges with the same ASN source and sees the same VRP source status.

namespace osescan::checks::rpki {

// Where route origins come from: "cymru-dns" (default; the only source so far).
inline constexpr const char* k_asn_source_setting = "rpki.asn_source";
inline constexpr const char* k_asn_source_cymru_dns = "cymru-dns";

// Status of the scan's VRP source, as engine::RpkiRouteProber::source_status() gives it:
// {"kind": "file"|"url"|"rtr", "location", "vrps", "age_seconds", "max_age_seconds",
//  "stale", "default" (true for the built-in source), ...}; or {"kind": "none", "reason"}
// (--rpki-source none: the checks say not_applicable), or {"kind": "unavailable",
// "location", "default": true, "reason"} (the built-in source could not be loaded: the
// checks say error with that reason). Absent when no VRP source is configured.
inline constexpr const char* k_vrp_source_setting = "rpki.source";

}  // namespace osescan::checks::rpki
