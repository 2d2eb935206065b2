#pragma once
// The HTML report (--html FILE): one self-contained page for people, e.g. a trainer in
// front of a class. Inline CSS and SVG only: no scripts, fonts, images or any other
// request (a Content-Security-Policy meta tag forbids them too), works with JavaScript
// off (<details> for what folds), prints cleanly. Everything from the scan — and the
// catalogue texts, for good measure — passes through html_escape().

#include <string>

#include "report/report_model.hpp"

namespace osescan::report {

struct HtmlOptions {
    // Classroom mode (--explain): every check unfolded with "why it matters" up front,
    // and a legend of the statuses and the scoring.
    bool explain = false;
};

std::string render_html_report(const ScanReport& report, const HtmlOptions& options);

}  // namespace osescan::report
