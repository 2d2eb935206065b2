"""The HTTP security headers, cookies and compression of an nginx site's HTTPS server (what
the headers.* checks, http.compression and hsts.preload judge).

Every nginx site sends SECURITY_HEADERS (a strong set: the model the header checks pass
on); a site changes it with the `web` knobs
  headers  {"Header-Name": "value" | null}  replace a header, or drop it (null)
  cookies  ["name=value; attributes", ...]  Set-Cookie lines of the HTTPS response
  gzip     true                             gzip the HTTPS pages (BREACH: http.compression)
"""

SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Content-Security-Policy", "default-src 'self'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
]


def _checked(text):
    # The value goes between double quotes in nginx.conf, where '$' starts a variable.
    if '"' in text or "$" in text or "\\" in text or "\n" in text:
        raise ValueError(f"header value not usable in nginx.conf: {text!r}")
    return text


def site_headers(site):
    """[(name, value)] the site's HTTPS responses carry (besides HSTS), in order."""
    overrides = site["web"].get("headers") or {}
    headers = [(n, v) for n, v in SECURITY_HEADERS if n not in overrides]
    headers += [(n, v) for n, v in overrides.items() if v is not None]
    return headers


def site_cookies(site):
    return list(site["web"].get("cookies") or [])


def header_lines(site):
    """nginx directives for the HTTPS server block."""
    lines = [f'        add_header {name} "{_checked(value)}" always;' for name, value in site_headers(site)]
    lines += [f'        add_header Set-Cookie "{_checked(cookie)}" always;' for cookie in site_cookies(site)]
    if site["web"].get("gzip"):
        # nginx compresses text/html once asked (Accept-Encoding: gzip); the pages are tiny.
        lines += ["        gzip on;", "        gzip_min_length 1;"]
    return lines
