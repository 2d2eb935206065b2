#pragma once
// DNSSEC algorithm numbers and how RFC 8624 grades them for a zone that signs today.
//
//   signing (DNSKEY, RFC 8624 §3.1)        grade here
//     8 RSASHA256, 13 ECDSAP256SHA256        MUST            -> acceptable
//     15 ED25519                             RECOMMENDED     -> acceptable
//     14 ECDSAP384SHA384, 16 ED448           MAY             -> acceptable
//     5 RSASHA1, 7 RSASHA1-NSEC3-SHA1,
//     10 RSASHA512                           NOT RECOMMENDED -> not_recommended
//     1 RSAMD5, 3 DSA, 6 DSA-NSEC3-SHA1,
//     12 ECC-GOST                            MUST NOT        -> must_not
//   DS digests (RFC 8624 §3.3)
//     2 SHA-256 (MUST), 4 SHA-384 (MAY)                      -> acceptable
//     1 SHA-1 (MUST NOT for new DS; still validated)         -> not_recommended
//     3 GOST R 34.11-94 (MUST NOT), 0 (reserved)             -> must_not
// Numbers outside the tables (private 253/254, unassigned) are `unknown`: validators
// treat them as unsupported, so the zone is insecure for most of them.

#include <string>
#include <string_view>

namespace osescan::checks::dnssec {

enum class AlgorithmGrade { acceptable, not_recommended, must_not, unknown };

struct AlgorithmInfo {
    std::string name;  // IANA mnemonic, "ALG<n>" / "DIGEST<n>" when unassigned here
    AlgorithmGrade grade;
};

AlgorithmInfo signing_algorithm(int number);
AlgorithmInfo ds_digest_algorithm(int number);

// The worse of two grades: acceptable < unknown < not_recommended < must_not.
AlgorithmGrade worse_grade(AlgorithmGrade a, AlgorithmGrade b);

// "acceptable", "not-recommended", "must-not", "unknown" (stable, for evidence).
std::string_view grade_name(AlgorithmGrade grade);

}  // namespace osescan::checks::dnssec
