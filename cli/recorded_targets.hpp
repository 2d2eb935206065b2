#pragma once
// Replay (--from-facts): which recorded targets to judge, and reading the facts file.

#include <string>
#include <vector>

#include "facts/facts_json.hpp"

namespace osescan::cli {

// Larger facts files are refused: a sane scan records kilobytes per target.
inline constexpr size_t k_max_facts_file_bytes = 256u * 1024 * 1024;

// Reads and parses a facts file. Throws std::runtime_error with a readable message when
// the file cannot be read, is not JSON, or is not an osescan facts file.
facts::FactsFile read_facts_file(const std::string& path);

struct RecordedSelection {
    std::vector<const facts::TargetFactsRecord*> records;  // file order
    std::vector<std::string> unmatched;                     // inputs of wanted targets not recorded
};

// With no wanted targets, every recorded one. Otherwise the recorded targets with the same
// host as a wanted one, and for a wanted URL target also the same port and path.
RecordedSelection select_recorded(const facts::FactsFile& file, const std::vector<facts::Target>& wanted);

}  // namespace osescan::cli
