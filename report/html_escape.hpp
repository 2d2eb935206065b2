#pragma once
// The one function that makes text safe inside an HTML report.
//
// Summaries and evidence quote what remote servers and DNS sent (header values,
// certificate subjects, TXT records). Pasted raw into HTML, `<script>` would run and `"`
// would end an attribute (stored XSS in a report a trainer opens). Every piece of text the
// HTML renderer writes, trusted or not, goes through html_escape(), in element content and
// in double-quoted attribute values alike.

#include <string>
#include <string_view>

namespace osescan::report {

// `text` with & < > " ' as character references (&amp; &lt; &gt; &quot; &#39;), C0
// control characters (except tab and line feed), DEL, C1 controls and Unicode bidi
// formatting characters shown as visible escapes ("\x1b", "\u0085", "\u202e"), and bytes
// that are not valid UTF-8 replaced by U+FFFD. The result is valid UTF-8.
std::string html_escape(std::string_view text);

// An href for a link: the escaped URL when it is http(s), otherwise "" (no link), so a
// "javascript:" URL can never become clickable.
std::string html_safe_href(std::string_view url);

}  // namespace osescan::report
