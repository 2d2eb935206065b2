#!/usr/bin/env python3
"""Opens osescan HTML reports in headless Chromium and checks them for real.

Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe: the
browser reads commands on fd 3 and writes replies on fd 4, each a JSON text ending in NUL),
so no port is opened and nothing but the Python standard library is needed.

For each report:
  - no console errors (console.error, uncaught exceptions, CSP violations, log errors),
  - zero network requests besides the report file itself,
  - the XSS payload is inert: no dialog opened, the payload's global is not set, no
    <script> or <img> element in the DOM, and the payload is in the page as text,
  - a PNG screenshot is saved (and a -full.png of the whole page, and the printed .pdf).

With --expect-score HOST=capped|incomplete (repeatable), the target section headed HOST must
show its score as such: capped — the gauge drawn red, its caption and a note saying "capped";
incomplete — the gauge captioned "incomplete", the number marked "*" or absent ("–"), a note
counting the checks that could not run.

usage: check_report.py [--no-pdf] [--expect-score HOST=KIND ...] CHROMIUM OUT_DIR PAYLOAD_MARKER REPORT.html:SHOT.png [...]
"""

import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

STEP_TIMEOUT_S = 120  # a loaded 2-core machine renders a 46-site page slowly


class Browser:
    def __init__(self, chromium, log_path):
        self.profile = tempfile.mkdtemp(prefix="osescan-chromium.")
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def plumb():  # in the child: the protocol pipes on fds 3 and 4
            r, w = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-extensions", "--disable-default-apps", "--mute-audio", "--no-default-browser-check",
             "--user-data-dir=" + self.profile, "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log, preexec_fn=plumb, close_fds=False)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self.to_chrome, self.from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from Chromium")
            ready, _, _ = select.select([self.from_chrome], [], [], left)
            if ready:
                chunk = os.read(self.from_chrome, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the protocol pipe")
                self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=None, timeout=STEP_TIMEOUT_S):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._event(reply, session)

    def _event(self, event, session):
        self.events.append(event)
        # A dialog blocks the page until it is answered: answer it (and count it as a failure).
        if event.get("method") == "Page.javascriptDialogOpening":
            message = {"id": 0, "method": "Page.handleJavaScriptDialog", "params": {"accept": True},
                       "sessionId": event.get("sessionId", session)}
            os.write(self.to_chrome, json.dumps(message).encode() + b"\0")

    def wait_for(self, method, session, timeout=STEP_TIMEOUT_S):
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events:
                if event.get("method") == method and event.get("sessionId") == session:
                    return event
            self._event(self._read_message(deadline), session)


def check_report(browser, html_path, png_path, marker, print_pdf=True, expect_scores=()):
    problems = []
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.send(domain + ".enable", session=session)
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": 1280, "height": 1700, "deviceScaleFactor": 1, "mobile": False}, session=session)
    browser.events.clear()
    url = "file://" + os.path.abspath(html_path)
    browser.send("Page.navigate", {"url": url}, session=session)
    browser.wait_for("Page.loadEventFired", session)

    def evaluate(expression):
        result = browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session)
        return result["result"].get("value")

    # Let anything that might still run (a timer, an onerror) have its chance.
    time.sleep(0.5)
    facts = {
        "title": evaluate("document.title"),
        "xss_global": evaluate("typeof window.__osescan_xss"),
        "scripts": evaluate("document.querySelectorAll('script').length"),
        "images": evaluate("document.querySelectorAll('img').length"),
        "handlers": evaluate("[...document.querySelectorAll('*')].filter(e => [...e.attributes]"
                             ".some(a => a.name.startsWith('on'))).length"),
        "marker_as_text": evaluate(f"document.body.textContent.includes({json.dumps(marker)})"),
        "marker_visible": evaluate(f"document.body.innerText.includes({json.dumps(marker[:30])})"),
        "findings": evaluate("document.querySelectorAll('li.finding').length"),
    }
    height = evaluate("document.documentElement.scrollHeight") or 1700
    shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)
    with open(png_path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": 1280, "height": min(int(height), 16000), "deviceScaleFactor": 1, "mobile": False},
                 session=session)
    full = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)
    with open(png_path.replace(".png", "-full.png"), "wb") as f:
        f.write(base64.b64decode(full["data"]))

    # Print (the @media print rules): a PDF next to the screenshot.
    pdf = None
    if print_pdf:
        pdf = base64.b64decode(browser.send("Page.printToPDF", {"printBackground": True}, session=session)["data"])
        with open(png_path.replace(".png", ".pdf"), "wb") as f:
            f.write(pdf)

    events = [e for e in browser.events if e.get("sessionId") == session]
    requests = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
    errors = []
    for e in events:
        method, params = e.get("method"), e.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert", "warning"):
            errors.append("console." + params["type"] + ": " + json.dumps(params.get("args"))[:200])
        elif method == "Runtime.exceptionThrown":
            errors.append("exception: " + json.dumps(params.get("exceptionDetails"))[:200])
        elif method == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
            errors.append("log: " + params["entry"].get("text", "")[:200])
    dialogs = [e for e in events if e.get("method") == "Page.javascriptDialogOpening"]

    name = os.path.basename(html_path)
    if errors:
        problems.append(f"{name}: console errors: {errors}")
    if requests != [url]:
        problems.append(f"{name}: network requests besides the report: {[r for r in requests if r != url]}")
    if dialogs:
        problems.append(f"{name}: a dialog opened (the payload ran): {dialogs}")
    if facts["xss_global"] != "undefined":
        problems.append(f"{name}: the payload set its global (it ran)")
    if facts["scripts"] or facts["images"] or facts["handlers"]:
        problems.append(f"{name}: markup from the server in the DOM: {facts}")
    if not facts["marker_as_text"] or not facts["marker_visible"]:
        problems.append(f"{name}: the payload is not in the page as text: {facts}")
    if not facts["findings"]:
        problems.append(f"{name}: no findings rendered")
    for host, kind in expect_scores:
        # What a person sees of the target's score: the gauge (its label, caption and arc
        # colour, as rendered) and the notes under it.
        seen = evaluate(f"""(() => {{
            const section = [...document.querySelectorAll('section.target')]
                .find(s => s.querySelector('h2').textContent === {json.dumps(host)});
            if (!section) return null;
            const gauge = section.querySelector('svg.gauge');
            const texts = [...gauge.querySelectorAll('text')].map(t => t.textContent);
            const arcs = [...gauge.querySelectorAll('circle')].map(c => getComputedStyle(c).stroke);
            const notes = [...section.querySelectorAll('ul.score-notes li')].map(l => l.innerText);
            return {{label: gauge.getAttribute('aria-label'), texts, arcs, notes}};
        }})()""")
        if seen is None:
            problems.append(f"{name}: no section for {host}")
            continue
        if kind == "capped":
            ok = ("rgb(207, 34, 46)" in seen["arcs"] and "capped / 100" in seen["texts"]
                  and any("capped at 49" in n for n in seen["notes"]) and "capped at 49" in seen["label"])
        else:
            number = seen["texts"][0] if seen["texts"] else ""
            ok = ("incomplete" in seen["texts"] and (number.endswith("*") or number == "\u2013")
                  and any("could not run" in n for n in seen["notes"]))
        if not ok:
            problems.append(f"{name}: {host} does not render as {kind}: {seen}")
        else:
            print(f"{name}: {host} renders {kind}: {seen['texts']}, notes {seen['notes']}")
    if pdf is not None and (not pdf.startswith(b"%PDF-") or pdf.count(b"/Type /Page") + pdf.count(b"/Type/Page") < 1):
        problems.append(f"{name}: printing gave no PDF pages")
    browser.send("Target.closeTarget", {"targetId": target})
    print(f"{name}: {facts['findings']} findings, {len(requests)} request(s), {len(errors)} console error(s), "
          f"{len(dialogs)} dialog(s); screenshot {png_path}")
    return problems


def main():
    argv = sys.argv[1:]
    expect_scores = []
    while "--expect-score" in argv:
        at = argv.index("--expect-score")
        host, kind = argv[at + 1].split("=", 1)
        expect_scores.append((host, kind))
        del argv[at:at + 2]
    args = [a for a in argv if a != "--no-pdf"]
    print_pdf = "--no-pdf" not in sys.argv  # hundreds of pages of a big batch take long to print
    chromium, out_dir, marker = args[0], args[1], args[2]
    pairs = [arg.split(":", 1) for arg in args[3:]]
    browser = Browser(chromium, os.path.join(out_dir, "chromium.log"))
    problems = []
    try:
        for html, png in pairs:
            problems += check_report(browser, html, png, marker, print_pdf, expect_scores)
    finally:
        browser.close()
    if problems:
        print("FAIL: " + "\nFAIL: ".join(problems), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
