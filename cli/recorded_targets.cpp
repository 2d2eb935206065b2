#include "cli/recorded_targets.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <sys/stat.h>

namespace osescan::cli {

namespace {
bool matches(const facts::Target& recorded, const facts::Target& wanted) {
    if (recorded.host != wanted.host) return false;
    if (wanted.input.find("://") == std::string::npos) return true;
    return recorded.port == wanted.port && recorded.path == wanted.path;
}
}  // namespace

facts::FactsFile read_facts_file(const std::string& path) {
    struct stat info{};
    if (::stat(path.c_str(), &info) != 0)
        throw std::runtime_error("cannot read facts file " + path + ": " + std::strerror(errno));
    if (S_ISDIR(info.st_mode)) throw std::runtime_error("cannot read facts file " + path + ": is a directory");
    if (static_cast<uint64_t>(info.st_size) > k_max_facts_file_bytes)
        throw std::runtime_error("facts file " + path + " is larger than " +
                                 std::to_string(k_max_facts_file_bytes >> 20) + " MiB");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read facts file " + path + ": " + std::strerror(errno));
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) throw std::runtime_error("cannot read facts file " + path + ": read error");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(content.str());
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error("facts file " + path + " is not valid JSON: " + e.what());
    }
    try {
        return facts::facts_file_from_json(j);
    } catch (const std::exception& e) {
        throw std::runtime_error("facts file " + path + ": " + e.what());
    }
}

RecordedSelection select_recorded(const facts::FactsFile& file, const std::vector<facts::Target>& wanted) {
    RecordedSelection out;
    for (const facts::TargetFactsRecord& record : file.targets) {
        const bool selected = wanted.empty() || std::any_of(wanted.begin(), wanted.end(), [&](const facts::Target& w) {
                                  return matches(record.target, w);
                              });
        if (selected) out.records.push_back(&record);
    }
    for (const facts::Target& w : wanted) {
        const bool found = std::any_of(file.targets.begin(), file.targets.end(),
                                       [&](const facts::TargetFactsRecord& r) { return matches(r.target, w); });
        if (!found) out.unmatched.push_back(w.input);
    }
    return out;
}

}  // namespace osescan::cli
