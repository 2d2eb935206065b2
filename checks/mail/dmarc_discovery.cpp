#include "checks/mail/dmarc_discovery.hpp"

#include <string_view>

namespace osescan::checks::mail {

namespace {

std::vector<std::string> labels_of(const std::string& name) {
    std::vector<std::string> labels;
    size_t start = 0;
    while (start <= name.size()) {
        const size_t dot = name.find('.', start);
        labels.push_back(name.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return labels;
}

std::string join_last(const std::vector<std::string>& labels, size_t count) {
    std::string out;
    for (size_t i = labels.size() - count; i < labels.size(); ++i) out += (out.empty() ? "" : ".") + labels[i];
    return out;
}

size_t label_count(const std::string& name) { return name.empty() ? 0 : labels_of(name).size(); }

// The name one label longer than `ancestor` on the way down to `descendant`.
std::string one_label_below(const std::string& ancestor, const std::string& descendant) {
    const std::vector<std::string> labels = labels_of(descendant);
    const size_t want = label_count(ancestor) + 1;
    return want <= labels.size() ? join_last(labels, want) : descendant;
}

}  // namespace

std::vector<std::string> dmarc_tree_walk_names(const std::string& author_domain) {
    std::vector<std::string> names;
    const std::vector<std::string> labels = labels_of(author_domain);
    if (author_domain.empty() || labels.size() < 2) return names;
    size_t count = labels.size() >= 8 ? 7 : labels.size() - 1;
    for (; count >= 1; --count) names.push_back(join_last(labels, count));
    return names;
}

DmarcDiscovery discover_by_tree_walk(const std::string& author_domain, const std::vector<DmarcLevel>& walk) {
    DmarcDiscovery out;
    struct Found {
        std::string domain;
        DmarcRecord record;
    };
    std::vector<Found> found;  // longest name first, as walked
    for (const DmarcLevel& level : walk) {
        out.queried.push_back(level.domain);
        // §4.10 step 6: several records at one name are all discarded; so is one that does
        // not parse (it is not a valid DMARC Policy Record).
        if (level.records.size() > 1) {
            out.ignored.push_back(std::to_string(level.records.size()) + " records at _dmarc." + level.domain +
                                  " (all discarded)");
            continue;
        }
        if (level.records.empty()) continue;
        DmarcParse parsed = parse_dmarc(level.records[0]);
        if (!parsed.record) {
            out.ignored.push_back("_dmarc." + level.domain + ": " + parsed.error);
            continue;
        }
        found.push_back({level.domain, std::move(*parsed.record)});
        if (found.back().record.psd == "y" || found.back().record.psd == "n") break;  // step 6: stop
    }
    if (found.empty()) return out;

    // §4.10.2: from the longest name to the shortest, psd=n marks the Organizational Domain,
    // psd=y marks a public suffix domain (the Organizational Domain is one label below it);
    // else the record with the fewest labels.
    const Found* psd_record = nullptr;
    out.organizational_domain.clear();
    for (const Found& f : found) {
        if (f.record.psd == "n") {
            out.organizational_domain = f.domain;
            break;
        }
        if (f.record.psd == "y") {
            out.organizational_domain = one_label_below(f.domain, author_domain);
            psd_record = &f;
            break;
        }
    }
    if (out.organizational_domain.empty()) out.organizational_domain = found.back().domain;

    // §4.10.1: the record applied is the Organizational Domain's, else the public suffix
    // domain's.
    for (const Found& f : found)
        if (f.domain == out.organizational_domain) {
            out.record_domain = f.domain;
            out.record = f.record;
            out.role = "organizational domain";
            return out;
        }
    if (psd_record) {
        out.record_domain = psd_record->domain;
        out.record = psd_record->record;
        out.role = "public suffix domain";
    }
    return out;
}

}  // namespace osescan::checks::mail
