#pragma once
// --targets FILE|-: a list of targets, one per line. Blank lines and comments ("#" at the
// start of a line, or after white space) are skipped; a line that is not a valid target
// is reported with its line number and the rest go on (report/README.md: input errors).
// Pure: reads from a stream, so every rule is unit-tested.

#include <istream>
#include <string>
#include <vector>

#include "report/report_model.hpp"

namespace osescan::cli {

// Longer lines are refused (and not kept in memory): no target is that long.
inline constexpr size_t k_max_target_line = 4096;
// More lines than this are refused: a list is for batches, not for a denial of service.
inline constexpr size_t k_max_target_lines = 1000000;

struct TargetList {
    std::vector<std::string> targets;             // valid lines, trimmed, in file order
    std::vector<report::InputError> errors;       // invalid lines
};

TargetList read_target_list(std::istream& in, const std::string& source);

}  // namespace osescan::cli
