#pragma once
// A target's evidence pool (JSON report, report/README.md "Evidence pool"). Findings of one
// target often carry the same structured evidence: the certificate chain or cipher-suite
// list seen on the IPv4 and on the IPv6 address, the announced routes that rpki.*.roa_exists
// and rpki.*.valid both judge. Such a value is written once, into the target's
// `evidence_pool`, and each place that carried it holds {"$pool": N} (N = index into the
// pool) instead. It halves the demo world's evidence without dropping any of it: every
// finding still resolves to exactly the evidence its check gave.

#include <cstddef>

#include <nlohmann/json.hpp>

namespace osescan::report {

// Values shorter than this (compact JSON, bytes) stay in place: a reference costs about 12.
inline constexpr std::size_t k_pool_min_bytes = 64;

// Replaces, inside the "evidence" of each finding of `findings` (a JSON array of findings as
// finding_to_json writes them), every object or array of at least k_pool_min_bytes that
// occurs twice or more by {"$pool": N}, and returns the pool: the values in order of first
// use. An entry may itself hold references to other entries; a referenced value is always
// part of the one referring to it, so smaller, and resolving ends (no cycles).
// The evidence object of a finding is never replaced as a whole: its scalars stay in place.
nlohmann::json pool_repeated_evidence(nlohmann::json& findings);

}  // namespace osescan::report
