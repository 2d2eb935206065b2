#pragma once
// How similar two web pages are, for ipv6.web.same_content.
//
// Dynamic pages differ a little between any two fetches (dates, counters, request ids,
// nonces, ads), so "the same content" cannot mean byte-identical. The measure is
// resemblance (A. Broder, "On the resemblance and containment of documents", 1997): the
// Jaccard similarity |A ∩ B| / |A ∪ B| of the two pages' sets of word 3-shingles (every run
// of three consecutive words), after
//   - deleting ASCII digits (timestamps, counters and ids are digits),
//   - folding ASCII letters to lower case,
//   - splitting into words at every byte that is neither a letter nor part of a non-ASCII
//     UTF-8 character (so markup, punctuation and whitespace only separate words).
// A page with fewer than three words has a single shingle of all its words. Two pages
// without any word are similar (1.0) when their bytes are equal, else not (0.0).
// Pages count as the same content at k_same_content_threshold (0.9) or more. Each changed
// word changes the three shingles containing it, so a page of n words with k scattered
// changed words scores about (n - 2 - 3k) / (n - 2 + 3k): 0.94 for one change in 100
// words (a date, a counter made of letters), 0.89 for two. Digits do not count at all. A
// different page (another site, an error or placeholder page) scores near 0.

#include <string_view>

namespace osescan::checks::ipv6 {

inline constexpr double k_same_content_threshold = 0.9;

double body_similarity(std::string_view a, std::string_view b);

}  // namespace osescan::checks::ipv6
