// The page similarity measure of ipv6.web.same_content (checks/ipv6/body_similarity.hpp).
#include <doctest/doctest.h>

#include <string>

#include "checks/ipv6/body_similarity.hpp"

using osescan::checks::ipv6::body_similarity;
using osescan::checks::ipv6::k_same_content_threshold;

namespace {

// A page of `words` distinct words ("w0a w1a ..." made of letters only).
std::string page(int words, const std::string& variant = "") {
    std::string out = "<html><body><p>";
    for (int i = 0; i < words; ++i) {
        std::string word;
        for (int n = i; n > 0 || word.empty(); n /= 26) word += static_cast<char>('a' + n % 26);
        out += word + (i == 37 ? variant : "") + " ";
    }
    return out + "</p></body></html>";
}

}  // namespace

TEST_CASE("similarity: identical and digit-only differences are the same page") {
    CHECK(body_similarity(page(100), page(100)) == 1.0);
    CHECK(body_similarity("<p>Generated at 2025-06-15 12:00:01, visitor 1234</p>",
                          "<p>Generated at 2026-01-02 08:30:59, visitor 98765</p>") == 1.0);
    CHECK(body_similarity("Hello World", "hello   WORLD") == 1.0);  // case and spacing
}

TEST_CASE("similarity: one changed word in a hundred stays above the threshold, two drop below") {
    const double one = body_similarity(page(100), page(100, "x"));
    // 100 words plus 6 of markup ("html body p" twice): 104 shingles, 3 of them changed.
    CHECK(one == doctest::Approx((104.0 - 3) / (104.0 + 3)));
    CHECK(one >= k_same_content_threshold);
    std::string two = page(100, "x");
    two.replace(two.find(" cd "), 4, " cdx ");  // word 80: a second change, far from word 37
    CHECK(body_similarity(page(100), two) < k_same_content_threshold);
}

TEST_CASE("similarity: different pages score near zero") {
    CHECK(body_similarity(page(100), "<html><body>Welcome to nginx! If you see this page ...</body></html>") < 0.05);
    CHECK(body_similarity("IPv4 site content here today", "IPv6 placeholder page with other words") == 0.0);
}

TEST_CASE("similarity: short and empty bodies") {
    CHECK(body_similarity("", "") == 1.0);
    CHECK(body_similarity("123", "456") == 0.0);    // no words, different bytes
    CHECK(body_similarity("123", "123") == 1.0);
    CHECK(body_similarity("ok", "ok") == 1.0);      // fewer than three words: one shingle
    CHECK(body_similarity("ok", "no") == 0.0);
    CHECK(body_similarity("", "some words here") == 0.0);
    // Non-ASCII bytes are word characters: UTF-8 text compares as words.
    CHECK(body_similarity("caf\xc3\xa9" " cr\xc3\xa8" "me br\xc3\xbb" "l\xc3\xa9" "e", "caf\xc3\xa9" " cr\xc3\xa8" "me br\xc3\xbb" "l\xc3\xa9" "e") == 1.0);
}
