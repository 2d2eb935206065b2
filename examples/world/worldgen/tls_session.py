"""What only a full TLS session shows (tls.zero_rtt): nginx's early data knobs. (The site that
lets clients renegotiate, for tls.client_renegotiation, is a hostile.py behaviour.)"""


def early_data_lines(web):
    """web.early_data "on" or "too-early": nginx accepts TLS 1.3 early data (0-RTT)."""
    return ["        ssl_early_data on;"] if web["early_data"] else []


def too_early_lines(web):
    """web.early_data "too-early": requests that came as early data are answered 425 Too Early
    (RFC 8470 section 5.2); the rest as usual."""
    if web["early_data"] != "too-early":
        return []
    return ["        if ($ssl_early_data) { return 425; }"]
