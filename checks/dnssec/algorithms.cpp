#include "checks/dnssec/algorithms.hpp"

namespace osescan::checks::dnssec {

AlgorithmInfo signing_algorithm(int number) {
    using G = AlgorithmGrade;
    switch (number) {
        case 1: return {"RSAMD5", G::must_not};
        case 3: return {"DSA", G::must_not};
        case 5: return {"RSASHA1", G::not_recommended};
        case 6: return {"DSA-NSEC3-SHA1", G::must_not};
        case 7: return {"RSASHA1-NSEC3-SHA1", G::not_recommended};
        case 8: return {"RSASHA256", G::acceptable};
        case 10: return {"RSASHA512", G::not_recommended};
        case 12: return {"ECC-GOST", G::must_not};
        case 13: return {"ECDSAP256SHA256", G::acceptable};
        case 14: return {"ECDSAP384SHA384", G::acceptable};
        case 15: return {"ED25519", G::acceptable};
        case 16: return {"ED448", G::acceptable};
        default: return {"ALG" + std::to_string(number), G::unknown};
    }
}

AlgorithmInfo ds_digest_algorithm(int number) {
    using G = AlgorithmGrade;
    switch (number) {
        case 0: return {"NULL", G::must_not};
        case 1: return {"SHA-1", G::not_recommended};
        case 2: return {"SHA-256", G::acceptable};
        case 3: return {"GOST R 34.11-94", G::must_not};
        case 4: return {"SHA-384", G::acceptable};
        default: return {"DIGEST" + std::to_string(number), G::unknown};
    }
}

namespace {
int grade_rank(AlgorithmGrade grade) {
    switch (grade) {
        case AlgorithmGrade::acceptable: return 0;
        case AlgorithmGrade::unknown: return 1;
        case AlgorithmGrade::not_recommended: return 2;
        case AlgorithmGrade::must_not: return 3;
    }
    return 1;
}
}  // namespace

AlgorithmGrade worse_grade(AlgorithmGrade a, AlgorithmGrade b) { return grade_rank(a) >= grade_rank(b) ? a : b; }

std::string_view grade_name(AlgorithmGrade grade) {
    switch (grade) {
        case AlgorithmGrade::acceptable: return "acceptable";
        case AlgorithmGrade::not_recommended: return "not-recommended";
        case AlgorithmGrade::must_not: return "must-not";
        case AlgorithmGrade::unknown: return "unknown";
    }
    return "unknown";
}

}  // namespace osescan::checks::dnssec
