#include "cli/progress.hpp"

#include <cmath>

namespace osescan::cli {

std::string format_duration(double seconds) {
    const long long s = seconds > 0 && std::isfinite(seconds) ? std::llround(seconds) : 0;
    char text[32];
    if (s >= 3600) std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    else std::snprintf(text, sizeof text, "%lld:%02lld", s / 60, s % 60);
    return text;
}

std::string format_progress(size_t done, size_t total, double elapsed_s, size_t bar_width) {
    if (done > total) done = total;
    const size_t filled = total ? bar_width * done / total : bar_width;
    std::string bar = "[";
    for (size_t i = 0; i < bar_width; ++i) bar += i < filled ? "#" : "\u00b7";
    bar += "]";
    const std::string width = std::to_string(total);
    std::string count = std::to_string(done);
    count.insert(0, width.size() > count.size() ? width.size() - count.size() : 0, ' ');
    std::string out = bar + "  " + count + "/" + width + (total == 1 ? " target" : " targets");
    if (done > 0 && elapsed_s > 0) {
        const double rate = done / elapsed_s;
        char rate_text[32];
        if (rate >= 1) std::snprintf(rate_text, sizeof rate_text, "%.1f/s", rate);
        else std::snprintf(rate_text, sizeof rate_text, "%.1f/min", rate * 60);
        out += std::string("  ") + rate_text;
        if (done < total) out += "  ETA " + format_duration((total - done) / rate);
    }
    return out;
}

ProgressBar::ProgressBar(bool enabled, size_t total, std::FILE* stream)
    : m_enabled(enabled && total > 1), m_total(total), m_stream(stream), m_start(std::chrono::steady_clock::now()) {
    update(0);
}

void ProgressBar::update(size_t done) {
    m_done = done;
    if (!m_enabled) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    std::string line = format_progress(m_done, m_total, elapsed);
    // Redrawn in place with a carriage return and spaces over a longer previous line: no
    // escape sequences, so NO_COLOR terminals and log captures see plain text.
    const size_t width = line.size();
    if (width < m_last_width) line.append(m_last_width - width, ' ');
    m_last_width = width;
    std::fprintf(m_stream, "\r%s", line.c_str());
    std::fflush(m_stream);
}

void ProgressBar::clear() {
    if (!m_enabled || m_last_width == 0) return;
    std::fprintf(m_stream, "\r%s\r", std::string(m_last_width, ' ').c_str());
    std::fflush(m_stream);
    m_last_width = 0;
}

}  // namespace osescan::cli
