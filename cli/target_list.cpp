#include "cli/target_list.hpp"

#include "cli/target_parser.hpp"

namespace osescan::cli {

namespace {
std::string trimmed(const std::string& text) {
    const size_t begin = text.find_first_not_of(" \t\r\f\v");
    if (begin == std::string::npos) return {};
    const size_t end = text.find_last_not_of(" \t\r\f\v");
    return text.substr(begin, end - begin + 1);
}

// "example.com   # shop" -> "example.com". A '#' inside a target (a URL fragment) has no
// white space before it, so it stays.
std::string without_comment(const std::string& line) {
    if (!line.empty() && line.front() == '#') return {};
    for (size_t i = 1; i < line.size(); ++i)
        if (line[i] == '#' && (line[i - 1] == ' ' || line[i - 1] == '\t')) return line.substr(0, i);
    return line;
}
}  // namespace

TargetList read_target_list(std::istream& in, const std::string& source) {
    TargetList out;
    std::string raw;
    size_t number = 0;
    auto refuse = [&](std::string text, std::string problem) {
        out.errors.push_back({source, number, std::move(text), std::move(problem)});
    };
    while (true) {
        // Read at most k_max_target_line + 1 characters of a line; skip the rest of it.
        raw.clear();
        bool too_long = false;
        char c = 0;
        bool any = false;
        while (in.get(c)) {
            any = true;
            if (c == '\n') break;
            if (raw.size() <= k_max_target_line) raw.push_back(c);
            else too_long = true;
        }
        if (!any) break;
        if (++number > k_max_target_lines) {
            refuse("", "more than " + std::to_string(k_max_target_lines) + " lines: the rest is ignored");
            break;
        }
        if (too_long || raw.size() > k_max_target_line) {
            refuse(raw.substr(0, 64) + "...", "line longer than " + std::to_string(k_max_target_line) + " characters");
            continue;
        }
        const std::string text = trimmed(without_comment(trimmed(raw)));
        if (text.empty()) continue;
        const ParsedTarget parsed = parse_target(text);
        if (!parsed.ok()) refuse(text, parsed.error);
        else out.targets.push_back(text);
    }
    return out;
}

}  // namespace osescan::cli
