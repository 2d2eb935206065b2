#include "checks/ipv6/body_similarity.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace osescan::checks::ipv6 {

namespace {

constexpr size_t k_shingle_words = 3;

bool is_word_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (is_digit(c)) continue;  // deleted: "page12" and "page13" are both "page"
        if (is_word_byte(c)) {
            current += static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
            continue;
        }
        if (!current.empty()) out.push_back(std::move(current));
        current.clear();
    }
    if (!current.empty()) out.push_back(std::move(current));
    return out;
}

// FNV-1a over the words of one shingle, separated by a byte that never occurs in a word.
uint64_t shingle_hash(const std::vector<std::string>& list, size_t start, size_t count) {
    uint64_t hash = 1469598103934665603ull;
    for (size_t i = start; i < start + count; ++i) {
        for (const char c : list[i]) {
            hash ^= static_cast<unsigned char>(c);
            hash *= 1099511628211ull;
        }
        hash ^= 0x20;
        hash *= 1099511628211ull;
    }
    return hash;
}

std::vector<uint64_t> shingles(std::string_view text) {
    const std::vector<std::string> list = words(text);
    std::vector<uint64_t> out;
    if (list.empty()) return out;
    if (list.size() < k_shingle_words) {
        out.push_back(shingle_hash(list, 0, list.size()));
        return out;
    }
    out.reserve(list.size() - k_shingle_words + 1);
    for (size_t i = 0; i + k_shingle_words <= list.size(); ++i) out.push_back(shingle_hash(list, i, k_shingle_words));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace

double body_similarity(std::string_view a, std::string_view b) {
    const std::vector<uint64_t> left = shingles(a);
    const std::vector<uint64_t> right = shingles(b);
    if (left.empty() && right.empty()) return a == b ? 1.0 : 0.0;
    if (left.empty() || right.empty()) return 0.0;
    size_t common = 0;
    for (size_t i = 0, j = 0; i < left.size() && j < right.size();) {
        if (left[i] == right[j]) {
            ++common;
            ++i;
            ++j;
        } else if (left[i] < right[j]) {
            ++i;
        } else {
            ++j;
        }
    }
    const size_t united = left.size() + right.size() - common;
    return static_cast<double>(common) / static_cast<double>(united);
}

}  // namespace osescan::checks::ipv6
