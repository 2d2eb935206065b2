#include "report/html_report.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "checks/registry.hpp"
#include "report/finding_groups.hpp"
#include "report/html_escape.hpp"
#include "report/iso_time.hpp"
#include "report/scores.hpp"

namespace osescan::report {

namespace {
using checks::Status;

// A person reads the first part of very large evidence; the JSON report has all of it.
constexpr size_t k_max_evidence_chars = 20000;

constexpr Status k_all_statuses[] = {Status::fail, Status::error, Status::warn,
                                     Status::info, Status::pass,  Status::not_applicable};

// The page's style. Colours: each status pairs a symbol and a word with its colour, and
// every badge colour keeps at least 4.5:1 contrast with white text (WCAG 2.1 AA).
constexpr std::string_view k_style = R"CSS(
:root{--pass:#1a7f37;--info:#0969da;--warn:#9a6700;--fail:#cf222e;--error:#8250df;--na:#57606a;
--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--card:#fff}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Helvetica,Arial,sans-serif}
main{max-width:1100px;margin:0 auto;padding:24px 20px 48px}
a{color:#0550ae}
code,pre{font-family:ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:13px}
header.page{background:#0d1b2a;color:#fff;padding:22px 20px}
header.page .inner{max-width:1100px;margin:0 auto;display:flex;flex-wrap:wrap;gap:8px 24px;align-items:baseline}
header.page h1{margin:0;font-size:24px;letter-spacing:.2px}
header.page .meta{color:#c9d1d9;font-size:14px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:18px 0;box-shadow:0 1px 2px rgba(31,35,40,.06)}
h2{margin:0 0 4px;font-size:22px}
h3{margin:22px 0 8px;font-size:17px;display:flex;gap:10px;align-items:baseline}
h3 .fscore{font-weight:600;color:var(--muted);font-size:14px}
.sub{color:var(--muted);margin:0 0 12px}
.overview{display:grid;grid-template-columns:170px 1fr;gap:20px;align-items:center}
.gauge text{font-weight:700}
.families{display:grid;grid-template-columns:minmax(120px,auto) 1fr 70px;gap:6px 12px;align-items:center;font-size:14px}
.families .fname{font-weight:600}
.families .fval{text-align:right;font-variant-numeric:tabular-nums}
.families .ferr{grid-column:2/4;color:var(--error);font-size:12.5px;margin-top:-6px}
.counts{display:flex;flex-wrap:wrap;gap:6px;margin:14px 0 0;padding:0;list-style:none}
.counts li{border:1px solid var(--line);border-radius:999px;padding:1px 10px;font-size:13px;background:#fff}
.counts li.some{border-color:currentColor;font-weight:600}
.badge{display:inline-block;flex:none;min-width:64px;text-align:center;border-radius:6px;padding:1px 8px;color:#fff;font-weight:700;font-size:12.5px;letter-spacing:.3px;white-space:nowrap}
.s-pass{--c:var(--pass)}.s-info{--c:var(--info)}.s-warn{--c:var(--warn)}.s-fail{--c:var(--fail)}.s-error{--c:var(--error)}.s-not_applicable{--c:var(--na)}
.badge{background:var(--c)}
.counts li.some{color:var(--c)}
ul.findings{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:6px}
li.finding{border:1px solid var(--line);border-left:6px solid var(--c);border-radius:8px;background:#fff}
li.finding.ignored{opacity:.72;border-left-style:dashed}
li.finding>details>summary{cursor:pointer;padding:8px 12px;display:flex;gap:10px;align-items:baseline;list-style:none}
li.finding>details>summary::-webkit-details-marker{display:none}
li.finding>details>summary::after{content:"\25B8";margin-left:auto;color:var(--muted)}
li.finding>details[open]>summary::after{content:"\25BE"}
li.finding>details>summary:focus-visible{outline:3px solid #0969da;outline-offset:2px}
.ctitle{font-weight:600;white-space:nowrap;flex:none}
.subject{color:var(--muted);font-family:ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12.5px}
.verdict{overflow-wrap:anywhere}
.ignore-note{font-size:12.5px;color:var(--muted);font-style:italic}
.fbody{padding:2px 16px 14px 16px;border-top:1px dashed var(--line)}
.fbody h4{margin:12px 0 4px;font-size:13px;text-transform:uppercase;letter-spacing:.6px;color:var(--muted)}
.fbody p{margin:4px 0}
.why p{max-width:80ch}
body.explain .why{background:#fff8c5;border:1px solid #eed888;border-radius:8px;padding:6px 14px 10px;margin-top:12px}
body.explain .why p{font-size:17px;line-height:1.55}
body.explain .why h4{color:#7d4e00}
figure{margin:8px 0}
figcaption{font-size:12.5px;font-weight:600;color:var(--muted)}
pre{background:#0d1117;color:#e6edf3;border-radius:8px;padding:10px 12px;overflow:auto;white-space:pre;margin:4px 0}
details.evidence>summary{cursor:pointer;color:#0550ae;margin-top:10px;font-size:13.5px}
details.evidence pre{background:#f6f8fa;color:var(--ink);border:1px solid var(--line);max-height:420px}
.refs{margin:8px 0 0;padding-left:18px}
table.index{width:100%;border-collapse:collapse;font-size:14px}
table.index th,table.index td{text-align:left;padding:7px 8px;border-bottom:1px solid var(--line);vertical-align:middle}
table.index th{font-size:12.5px;text-transform:uppercase;letter-spacing:.5px;color:var(--muted)}
table.index td.num{font-variant-numeric:tabular-nums;white-space:nowrap}
svg.mini{vertical-align:middle;margin-right:6px}
.policy-ok{border-left:6px solid var(--pass)}
.policy-bad{border-left:6px solid var(--fail)}
.legend{display:grid;grid-template-columns:auto 1fr;gap:6px 12px;align-items:baseline;font-size:14px}
.problems li{margin:3px 0}
ul.score-notes{list-style:none;margin:6px 0 0;padding:0;font-size:12.5px;max-width:170px}
ul.score-notes li{margin:3px 0}
table.index .note{font-size:12px;color:var(--muted)}
footer{color:var(--muted);font-size:13px;text-align:center;margin-top:28px}
@media (max-width:700px){.overview{grid-template-columns:1fr}.ctitle{white-space:normal}li.finding>details>summary{flex-wrap:wrap}}
@media print{
 body{background:#fff;font-size:11pt}
 header.page{background:#fff;color:#000;border-bottom:2px solid #000;padding:0 0 8px}
 header.page .meta{color:#333}
 .card{box-shadow:none;break-inside:avoid-page;border-color:#999}
 section.target{break-before:page}
 section.target:first-of-type{break-before:auto}
 li.finding{break-inside:avoid}
 li.finding>details>summary::after{content:none}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 details.evidence pre{max-height:none}
 a[href^="http"]::after{content:" (" attr(href) ")";font-size:9pt;color:#333;overflow-wrap:anywhere}
}
)CSS";

std::string esc(std::string_view text) { return html_escape(text); }

std::string number(double value) { return std::to_string(std::lround(value)); }

const char* status_symbol(Status status) {
    switch (status) {
        case Status::pass: return "\u2713";            // ✓
        case Status::info: return "i";
        case Status::warn: return "!";
        case Status::fail: return "\u2717";            // ✗
        case Status::error: return "?";
        case Status::not_applicable: return "\u2013";  // –
    }
    return "?";
}

const char* status_label(Status status) {
    switch (status) {
        case Status::pass: return "PASS";
        case Status::info: return "INFO";
        case Status::warn: return "WARN";
        case Status::fail: return "FAIL";
        case Status::error: return "ERROR";
        case Status::not_applicable: return "N/A";
    }
    return "ERROR";
}

const char* status_meaning(Status status) {
    switch (status) {
        case Status::pass: return "meets the standard";
        case Status::info: return "worth knowing, not scored";
        case Status::warn: return "works, but falls short of good practice (half the points)";
        case Status::fail: return "does not meet the standard (no points)";
        case Status::error: return "could not tell: a probe did not finish; never counted as a pass";
        case Status::not_applicable: return "does not apply to this target";
    }
    return "";
}

std::string status_class(Status status) { return "s-" + std::string(checks::status_name(status)); }

std::string badge(Status status) {
    return "<span class=\"badge " + status_class(status) + "\">" + status_symbol(status) + " " +
           status_label(status) + "</span>";
}

// The colour of a score: green from 80, amber from 50, red below; grey without a score.
const char* score_colour(const std::optional<double>& score) {
    if (!score) return "#8c959f";
    if (*score >= 80) return "#1a7f37";
    if (*score >= 50) return "#bf8700";
    return "#cf222e";
}

// The same scale for text on white, darker so that it keeps 4.5:1 contrast.
const char* score_text_colour(double score) {
    if (score >= 80) return "#1a7f37";
    if (score >= 50) return "#9a6700";
    return "#cf222e";
}

std::string gauge_svg(const TargetScores& scores) {
    const std::optional<double>& score = scores.overall;
    constexpr double k_radius = 62;
    constexpr double k_circumference = 2 * 3.14159265358979 * k_radius;
    const double filled = score ? k_circumference * std::clamp(*score, 0.0, 100.0) / 100 : 0;
    const std::string label = score ? number(*score) : "\u2013";
    std::string aria = score ? "Overall score " + label + " out of 100" : "No overall score";
    for (const std::string& note : score_notes(scores)) aria += "; " + note;
    // Under the number: what kind of score it is, so an incomplete 100 never reads as clean.
    const std::string caption = scores.capped()     ? "capped / 100"
                                : !scores.complete() ? "incomplete"
                                                     : "overall / 100";
    std::string out = "<svg class=\"gauge\" width=\"160\" height=\"160\" viewBox=\"0 0 160 160\" role=\"img\" aria-label=\"" +
                      esc(aria) + "\">";
    out += "<circle cx=\"80\" cy=\"80\" r=\"62\" fill=\"none\" stroke=\"#e6e9ed\" stroke-width=\"16\"/>";
    if (filled > 0) {
        char dash[64];
        std::snprintf(dash, sizeof dash, "%.2f %.2f", filled, k_circumference);
        // An incomplete score is drawn dashed: part of it could not be measured.
        out += "<circle cx=\"80\" cy=\"80\" r=\"62\" fill=\"none\" stroke=\"" + std::string(score_colour(score)) +
               "\" stroke-width=\"16\" stroke-linecap=\"butt\" stroke-dasharray=\"" + dash +
               "\" transform=\"rotate(-90 80 80)\"/>";
        if (!scores.complete())
            out += "<circle cx=\"80\" cy=\"80\" r=\"62\" fill=\"none\" stroke=\"#fff\" stroke-width=\"17\" "
                   "stroke-dasharray=\"3 9\" opacity=\".7\"/>";
    }
    out += "<text x=\"80\" y=\"86\" text-anchor=\"middle\" font-size=\"38\" fill=\"#1f2328\">" + esc(label) +
           (score && !scores.complete() ? "*" : "") + "</text>";
    out += "<text x=\"80\" y=\"110\" text-anchor=\"middle\" font-size=\"12\" fill=\"#59636e\">" + caption + "</text>";
    return out + "</svg>";
}

// The notes of a score (capped, incomplete) as a list under the gauge; "" without any.
std::string score_notes_html(const TargetScores& scores) {
    const std::vector<std::string> notes = score_notes(scores);
    if (notes.empty()) return "";
    std::string out = "<ul class=\"score-notes\">";
    if (!scores.caps.empty())
        out += "<li class=\"capped\">" + badge(Status::fail) + " " + esc(notes.front()) + "</li>";
    if (!scores.complete())
        out += "<li class=\"incomplete\">" + badge(Status::error) + " " + esc(notes.back()) + "</li>";
    return out + "</ul>";
}

std::string bar_svg(const std::string& family_title, const std::optional<double>& score) {
    const double width = score ? std::clamp(*score, 0.0, 100.0) * 3 : 0;
    const std::string aria = family_title + (score ? " score " + number(*score) + " out of 100" : " has no score");
    std::string out = "<svg width=\"100%\" height=\"16\" viewBox=\"0 0 300 16\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"" +
                      esc(aria) + "\">";
    out += "<rect x=\"0\" y=\"0\" width=\"300\" height=\"16\" rx=\"4\" fill=\"#e6e9ed\"/>";
    // A zero still shows a sliver of red: an empty bar would read as "no score".
    if (score)
        out += "<rect x=\"0\" y=\"0\" width=\"" + number(std::max(width, 5.0)) + "\" height=\"16\" rx=\"4\" fill=\"" +
               score_colour(score) + "\"/>";
    return out + "</svg>";
}

// The index's small bar: 90 x 10 pixels, decorative (the number is next to it).
std::string mini_bar_svg(const std::optional<double>& score) {
    std::string out = "<svg width=\"90\" height=\"10\" viewBox=\"0 0 90 10\" aria-hidden=\"true\" class=\"mini\">"
                      "<rect width=\"90\" height=\"10\" rx=\"3\" fill=\"#e6e9ed\"/>";
    if (score)
        out += "<rect width=\"" + number(std::max(std::clamp(*score, 0.0, 100.0) * 0.9, 3.0)) +
               "\" height=\"10\" rx=\"3\" fill=\"" + score_colour(score) + "\"/>";
    return out + "</svg>";
}

// "example.com", "example.com:8443/app", "[2001:db8::1]".
std::string target_name(const facts::Target& t) {
    const bool v6 = t.is_ip && t.host.find(':') != std::string::npos;
    std::string shown = v6 ? "[" + t.host + "]" : t.host;
    if (t.port != 443) shown += ":" + std::to_string(t.port);
    if (t.path != "/") shown += t.path;
    return shown;
}

std::string anchor(size_t target_index) { return "target-" + std::to_string(target_index + 1); }

Status worst_of(const std::vector<checks::Finding>& findings) {
    Status worst = Status::not_applicable;
    for (const checks::Finding& f : findings) worst = checks::worst(worst, f.status);
    return worst;
}

std::map<Status, int> count(const std::vector<checks::Finding>& findings) {
    std::map<Status, int> counts;
    for (const checks::Finding& f : findings) counts[f.status]++;
    return counts;
}

std::string counts_list(const std::map<Status, int>& counts) {
    std::string out = "<ul class=\"counts\" aria-label=\"findings per status\">";
    for (Status s : k_all_statuses) {
        auto it = counts.find(s);
        const int n = it == counts.end() ? 0 : it->second;
        out += "<li class=\"" + status_class(s) + (n ? " some" : "") + "\">" + status_symbol(s) + " " +
               status_label(s) + " <b>" + std::to_string(n) + "</b></li>";
    }
    return out + "</ul>";
}

std::string family_label(int family_index) {
    if (family_index < 0) return "Other";
    return std::string(checks::family_title(static_cast<checks::Family>(family_index)));
}

// One row: a group of findings of one check with the same verdict (finding_groups.hpp); its
// body holds every member's evidence, so the page keeps all of it.
std::string group_html(const std::vector<checks::Finding>& findings, const FindingGroup& group,
                       const std::string* ignored, const HtmlOptions& options) {
    const checks::Finding& f = findings[group.members.front()];
    const checks::Check* check = checks::find_check(f.check_id);
    const std::string title = check ? std::string(check->info.title) : f.check_id;
    std::string out = "<li class=\"finding " + status_class(f.status) + (ignored ? " ignored" : "") + "\">";
    out += std::string("<details") + (options.explain ? " open" : "") + "><summary>";
    out += badge(f.status);
    out += "<span class=\"ctitle\">" + esc(title) + "</span>";
    if (!group.subjects.empty()) out += "<span class=\"subject\">" + esc(join_subjects(group.subjects)) + "</span>";
    out += "<span class=\"verdict\">" + esc(group.summary) + "</span>";
    if (ignored) out += "<span class=\"ignore-note\">ignored by policy: " + esc(*ignored) + "</span>";
    out += "</summary><div class=\"fbody\">";
    out += "<p class=\"subject\">check <code>" + esc(f.check_id) + "</code> \u00b7 outcome <code>" + esc(f.outcome) +
           "</code></p>";
    if (check && !check->info.why.empty())
        out += "<div class=\"why\"><h4>Why it matters</h4><p>" + esc(check->info.why) + "</p></div>";
    const std::string_view fix = check ? checks::fix_for(check->info, f.outcome) : std::string_view();
    if (check && (!fix.empty() || !check->info.snippets.empty())) {
        out += "<div class=\"fix\"><h4>How to fix</h4>";
        if (!fix.empty()) out += "<p>" + esc(fix) + "</p>";
        for (const checks::ConfigSnippet& s : check->info.snippets)
            out += "<figure><figcaption>" + esc(s.server) + "</figcaption><pre><code>" + esc(s.code) +
                   "</code></pre></figure>";
        out += "</div>";
    }
    for (size_t member : group.members) {
        const checks::Finding& m = findings[member];
        if (m.evidence.is_null() || m.evidence.empty()) continue;
        std::string pretty = m.evidence.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
        if (pretty.size() > k_max_evidence_chars) {
            pretty.resize(k_max_evidence_chars);
            // Not in the middle of a UTF-8 sequence: html_escape would show U+FFFD there.
            while (!pretty.empty() && (static_cast<unsigned char>(pretty.back()) & 0xC0) == 0x80) pretty.pop_back();
            if (!pretty.empty() && static_cast<unsigned char>(pretty.back()) >= 0xC0) pretty.pop_back();
            pretty += "\n\u2026 (clipped; the JSON report has all of it)";
        }
        // A grouped row names each member; a single finding keeps the plain heading.
        const std::string whose = group.members.size() > 1 && !m.subject.empty() ? ": " + esc(m.subject) : "";
        const std::string own =
            group.members.size() > 1 && m.summary != group.summary ? "<p>" + esc(m.summary) + "</p>" : "";
        out += "<details class=\"evidence\"><summary>Evidence (what was observed)" + whose + "</summary>" + own +
               "<pre><code>" + esc(pretty) + "</code></pre></details>";
    }
    if (check && !check->info.refs.empty()) {
        out += "<h4>References</h4><ul class=\"refs\">";
        for (const checks::Reference& r : check->info.refs) {
            const std::string href = html_safe_href(r.url);
            out += href.empty() ? "<li>" + esc(r.label) + "</li>"
                                : "<li><a href=\"" + href + "\" rel=\"noreferrer noopener\">" + esc(r.label) +
                                      "</a></li>";
        }
        out += "</ul>";
    }
    return out + "</div></details></li>";
}

std::string violation_text(const PolicyViolation& v) {
    std::string out = "<code>" + esc(v.check_id) + "</code>";
    if (!v.subject.empty()) out += " (" + esc(v.subject) + ")";
    if (v.status == "missing") return out + ": required, but no finding (the check did not run)";
    return out + ": " + esc(v.status) + ", the policy accepts at worst " + esc(v.accepted);
}

std::string target_html(const ScanReport& report, size_t index, const HtmlOptions& options) {
    const checks::TargetResult& result = report.targets[index];
    const TargetScores scores = score_findings(result.findings);
    std::string out = "<section class=\"target card\" id=\"" + anchor(index) + "\" aria-labelledby=\"" +
                      anchor(index) + "-h\">";
    out += "<h2 id=\"" + anchor(index) + "-h\">" + esc(target_name(result.target)) + "</h2>";
    // What the user typed, when it reads differently (an IDN in U-labels, a URL).
    std::string typed = result.target.input;
    if (!typed.empty() && typed.back() == '.') typed.pop_back();
    std::transform(typed.begin(), typed.end(), typed.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::vector<std::string> notes;
    if (typed != result.target.host && typed != target_name(result.target))
        notes.push_back("typed as <code>" + esc(result.target.input) + "</code>");
    if (result.target.is_ip) notes.push_back("an IP address: checks that need a name do not apply");
    if (!notes.empty()) {
        out += "<p class=\"sub\">";
        for (size_t i = 0; i < notes.size(); ++i) out += (i ? " \u00b7 " : "") + notes[i];
        out += "</p>";
    }

    // Overview: the gauge, one bar per family that has findings.
    std::map<int, std::vector<size_t>> by_family;  // catalogue family order; -1 = unknown check
    for (size_t i = 0; i < result.findings.size(); ++i) {
        const checks::Check* check = checks::find_check(result.findings[i].check_id);
        by_family[check ? static_cast<int>(check->info.family) : -1].push_back(i);
    }
    out += "<div class=\"overview\"><div>" + gauge_svg(scores) + score_notes_html(scores) +
           "</div><div><div class=\"families\">";
    for (const auto& [family_index, members] : by_family) {
        if (family_index < 0) continue;
        const std::string title = family_label(family_index);
        auto it = scores.families.find(std::string(checks::family_name(static_cast<checks::Family>(family_index))));
        const std::optional<double> score = it == scores.families.end() ? std::nullopt : it->second.score;
        out += "<span class=\"fname\">" + esc(title) + "</span>" + bar_svg(title, score) +
               "<span class=\"fval\">" + (score ? number(*score) + "/100" : std::string("no score")) + "</span>";
        if (it != scores.families.end() && it->second.errors > 0)
            out += "<span class=\"ferr\">" + std::to_string(it->second.errors) +
                   (it->second.errors == 1 ? " check" : " checks") + " could not tell (error)</span>";
    }
    out += "</div>" + counts_list(count(result.findings)) + "</div></div>";

    if (report.policy && index < report.policy->targets.size()) {
        const TargetPolicyVerdict& verdict = report.policy->targets[index];
        if (verdict.violations.empty()) {
            out += "<p class=\"card policy-ok\">" + badge(Status::pass) + " meets the policy <code>" +
                   esc(report.policy->file) + "</code></p>";
        } else {
            out += "<div class=\"card policy-bad\"><p>" + badge(Status::fail) + " breaks the policy <code>" +
                   esc(report.policy->file) + "</code>:</p><ul class=\"problems\">";
            for (const PolicyViolation& v : verdict.violations) out += "<li>" + violation_text(v) + "</li>";
            out += "</ul></div>";
        }
    }

    if (result.findings.empty()) out += "<p>No findings: no selected check applies to this target.</p>";
    for (const auto& [family_index, members] : by_family) {
        const std::string title = family_label(family_index);
        std::string score_note;
        if (family_index >= 0) {
            auto it = scores.families.find(std::string(checks::family_name(static_cast<checks::Family>(family_index))));
            if (it != scores.families.end() && it->second.score) score_note = number(*it->second.score) + "/100";
        }
        out += "<h3>" + esc(title) + (score_note.empty() ? "" : " <span class=\"fscore\">" + score_note + "</span>") +
               "</h3><ul class=\"findings\">";
        const auto ignore_key = [&](size_t i) {
            const std::string* reason = report.ignore_reason(index, i);
            return reason ? "ignored: " + *reason : std::string();
        };
        for (const FindingGroup& g : group_findings(result.findings, members, ignore_key))
            out += group_html(result.findings, g, report.ignore_reason(index, g.members.front()), options);
        out += "</ul>";
    }
    return out + "</section>";
}

std::string index_html(const ScanReport& report) {
    std::string out = "<nav class=\"card\" aria-label=\"targets\"><h2>Targets</h2><table class=\"index\"><thead><tr>"
                      "<th scope=\"col\">target</th><th scope=\"col\">overall</th><th scope=\"col\">worst</th>"
                      "<th scope=\"col\">fail</th><th scope=\"col\">error</th><th scope=\"col\">warn</th>"
                      "<th scope=\"col\">pass</th>";
    if (report.policy) out += "<th scope=\"col\">policy</th>";
    out += "</tr></thead><tbody>";
    for (size_t i = 0; i < report.targets.size(); ++i) {
        const checks::TargetResult& r = report.targets[i];
        const TargetScores scores = score_findings(r.findings);
        const std::map<Status, int> counts = count(r.findings);
        auto n = [&](Status s) {
            auto it = counts.find(s);
            return std::to_string(it == counts.end() ? 0 : it->second);
        };
        out += "<tr><td><a href=\"#" + anchor(i) + "\">" + esc(target_name(r.target)) + "</a></td>";
        out += "<td class=\"num\">" + mini_bar_svg(scores.overall) + " " +
               (scores.overall ? "<b style=\"color:" + std::string(score_text_colour(*scores.overall)) + "\">" +
                                     number(*scores.overall) + "</b>/100"
                               : std::string("\u2013")) +
               (scores.capped() ? " <span class=\"note\">capped</span>" : "") +
               (scores.complete() ? ""
                                  : std::string(scores.capped() ? " \u00b7" : "") + " <span class=\"note\">incomplete (" +
                                        std::to_string(scores.checks_not_run.size()) + " not run)</span>") +
               "</td>";
        out += "<td>" + (r.findings.empty() ? std::string("\u2013") : badge(worst_of(r.findings))) + "</td>";
        out += "<td class=\"num\">" + n(Status::fail) + "</td><td class=\"num\">" + n(Status::error) +
               "</td><td class=\"num\">" + n(Status::warn) + "</td><td class=\"num\">" + n(Status::pass) + "</td>";
        if (report.policy) {
            const bool ok = i >= report.policy->targets.size() || report.policy->targets[i].violations.empty();
            out += "<td>" + std::string(ok ? "meets" : "<b>breaks</b>") + "</td>";
        }
        out += "</tr>";
    }
    return out + "</tbody></table></nav>";
}

std::string input_errors_html(const ScanReport& report) {
    std::string out = "<section class=\"card policy-bad\" aria-label=\"input errors\"><h2>Input errors</h2>"
                      "<p class=\"sub\">These lines of the target list are not valid targets and were not scanned.</p>"
                      "<ul class=\"problems\">";
    for (const InputError& e : report.input_errors)
        out += "<li><code>" + esc(e.source) + ":" + std::to_string(e.line) + "</code> <code>" + esc(e.text) +
               "</code>: " + esc(e.problem) + "</li>";
    return out + "</ul></section>";
}

std::string legend_html() {
    std::string out = "<section class=\"card\" aria-label=\"how to read this report\"><h2>How to read this report</h2>"
                      "<p class=\"sub\">Each row is one check of one open standard. Open a row for why it matters, "
                      "how to fix it and the standard behind it.</p><div class=\"legend\">";
    for (Status s : k_all_statuses) out += "<span>" + badge(s) + "</span><span>" + status_meaning(s) + "</span>";
    out += "</div><p>A family's score is the average of its checks: pass 100, warn 50, fail 0. "
           "The overall score is the average of the family scores. One blocking failure (a certificate browsers "
           "refuse, no HTTPS, DNSSEC bogus, an RPKI-invalid route) caps it at 49. Errors are listed next to the "
           "score and never count as a pass: a score with errors is marked incomplete, and a target on which no "
           "scored check could run has no score.</p></section>";
    return out;
}
}  // namespace

std::string render_html_report(const ScanReport& report, const HtmlOptions& options) {
    std::string title = "osescan report";
    if (report.targets.size() == 1) title += " \u2014 " + target_name(report.targets.front().target);
    else if (report.targets.size() > 1) title += " \u2014 " + std::to_string(report.targets.size()) + " targets";
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'\">"
        "<meta name=\"referrer\" content=\"no-referrer\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta name=\"generator\" content=\"osescan " + esc(report.tool_version) + "\">"
        "<title>" + esc(title) + "</title><style>" + std::string(k_style) + "</style></head>\n";
    out += std::string("<body") + (options.explain ? " class=\"explain\"" : "") + ">";
    const size_t n = report.targets.size();
    out += "<header class=\"page\"><div class=\"inner\"><h1>osescan report</h1><span class=\"meta\">" +
           std::to_string(n) + (n == 1 ? " target" : " targets") + " \u00b7 " + std::to_string(report.checks.size()) +
           (report.checks.size() == 1 ? " check" : " checks") + " \u00b7 judged at " +
           esc(iso8601_utc(report.context.now)) + (report.shard.empty() ? "" : " \u00b7 shard " + esc(report.shard)) +
           "</span></div></header><main>";
    if (report.policy) {
        const bool ok = report.policy->passed();
        out += "<p class=\"card " + std::string(ok ? "policy-ok" : "policy-bad") + "\">" +
               badge(ok ? Status::pass : Status::fail) + " Policy <code>" + esc(report.policy->file) + "</code>: " +
               (ok ? "every target meets it." : "some targets break it (see below).") + "</p>";
    }
    if (options.explain) out += legend_html();
    if (!report.input_errors.empty()) out += input_errors_html(report);
    if (n > 1) out += index_html(report);
    for (size_t i = 0; i < n; ++i) out += target_html(report, i, options);
    if (n == 0) out += "<p class=\"card\">No target was scanned.</p>";
    out += "<footer>osescan " + esc(report.tool_version) + " \u00b7 started " + esc(iso8601_utc(report.started)) +
           " \u00b7 open standards: TLS, certificates, HTTPS/HSTS, DNSSEC, IPv6, RPKI, mail authentication</footer>";
    return out + "</main></body></html>\n";
}

}  // namespace osescan::report
