#!/usr/bin/env python3
"""Drives `wenshu serve`'s page in headless Chromium as a person would, over the DevTools
protocol on a pipe (Python's standard library only; no WebDriver, no packages).

    scripts/drive-serve.py URL TEXT_FILE OUT_DIR [--lang zh|en] [--browser PATH]

Opens URL (the form), takes a screenshot of it (OUT_DIR/page.png), types TEXT_FILE's text
into the textarea (Input.insertText, as a paste), picks the report language in the form's
menu, clicks 检查 with the mouse, waits for the report, and saves a full-page screenshot
(OUT_DIR/report.png), each paragraph with a finding marked close up (OUT_DIR/line-N.png),
a print preview (OUT_DIR/report.pdf, and its layout as OUT_DIR/report-print.png) and the report's HTML as the
browser shows it (OUT_DIR/report.html). Prints what it finds on the report page: the marked
findings by kind and the sections' statuses, as JSON on standard output.

Exit status 0 when the report page came back; 1 when something on the way failed.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


class Browser:
    """Chromium with --remote-debugging-pipe: commands on fd 3, answers and events on fd 4,
    each message a JSON text ended by NUL."""

    def __init__(self, path, width, height):
        self.profile = tempfile.mkdtemp(prefix="wenshu-chromium-")
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()
        # Chromium reads commands on fd 3 and writes on fd 4.
        # (Through free high numbers first, so that neither end is overwritten when a pipe
        # already got 3 or 4; the kept fds are closed only after this runs.)
        def child():
            r, w = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(r, 3, inheritable=True)
            os.dup2(w, 4, inheritable=True)
            os.close(r)
            os.close(w)
        self.proc = subprocess.Popen(
            [path, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
             "--disable-extensions", "--remote-debugging-pipe", f"--user-data-dir={self.profile}",
             f"--window-size={width},{height}", "about:blank"],
            pass_fds=(3, 4), preexec_fn=child,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def send(self, method, params=None, session=True, timeout=60):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while time.time() < deadline:
            m = self.read(deadline)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)
        raise RuntimeError(f"{method}: no answer in {timeout} s")

    def read(self, deadline):
        while b"\0" not in self.buffer:
            if time.time() > deadline:
                raise RuntimeError("the browser stopped answering")
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("the browser closed the pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def wait_event(self, method, timeout=60):
        for k, m in enumerate(self.events):
            if m.get("method") == method:
                del self.events[k]
                return m
        deadline = time.time() + timeout
        while time.time() < deadline:
            m = self.read(deadline)
            if m.get("method") == method:
                return m
            self.events.append(m)
        raise RuntimeError(f"no {method} in {timeout} s")

    def evaluate(self, expression):
        # DevTools evaluation is not page script: the page's CSP (no script) does not apply to it.
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in r:
            raise RuntimeError(f"evaluate: {r['exceptionDetails']}")
        return r["result"].get("value")

    def screenshot(self, path, full_page):
        params = {"format": "png"}
        if full_page:
            metrics = self.send("Page.getLayoutMetrics")
            size = metrics.get("cssContentSize") or metrics["contentSize"]
            params.update({"captureBeyondViewport": True,
                           "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
        data = self.send("Page.captureScreenshot", params)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            self.send("Browser.close", session=False, timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def center(browser, selector):
    """The centre of an element, scrolled into view, in viewport coordinates."""
    return browser.evaluate(
        f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView({{block: 'center'}});"
        " const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()")


def click(browser, selector):
    x, y = center(browser, selector)
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        browser.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    options = dict(a[2:].split("=", 1) for a in argv if a.startswith("--") and "=" in a)
    if len(args) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    url, text_file, out = args
    lang = options.get("lang")
    path = options.get("browser") or shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not path:
        print("drive-serve: no Chromium found (Debian: apt-get install -y chromium fonts-noto-cjk)", file=sys.stderr)
        return 2
    with open(text_file, encoding="utf-8") as f:
        text = f.read()
    os.makedirs(out, exist_ok=True)
    browser = Browser(path, 1280, 1000)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        browser.session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)["sessionId"]
        browser.send("Page.enable")
        browser.send("Runtime.enable")
        browser.send("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 1000, "deviceScaleFactor": 1, "mobile": False})

        browser.send("Page.navigate", {"url": url})
        browser.wait_event("Page.loadEventFired")
        form = {
            "title": browser.evaluate("document.title"),
            "lang": browser.evaluate("document.documentElement.lang"),
            "language menu": browser.evaluate(
                "(() => { const s = document.querySelector('select[name=lang]'); return s ? s.value : null; })()"),
        }
        browser.screenshot(os.path.join(out, "page.png"), full_page=True)

        # Paste: focus the textarea by clicking it, then insert the text as one input.
        click(browser, "textarea[name=text]")
        browser.send("Input.insertText", {"text": text})
        if lang:
            # The language menu, set as a person picks an option.
            found = browser.evaluate(
                f"(() => {{ const s = document.querySelector('select[name=lang]'); if (!s) return false; s.value = {json.dumps(lang)};"
                " s.dispatchEvent(new Event('change', {bubbles: true})); return s.value; })()")
            if found != lang:
                raise RuntimeError(f"the form has no language menu with {lang}")
        pasted = browser.evaluate("document.querySelector('textarea[name=text]').value.length")
        click(browser, "button[type=submit]")
        browser.wait_event("Page.loadEventFired")

        report = {
            "form": form,
            "pasted characters": pasted,
            "url": browser.evaluate("location.href"),
            "title": browser.evaluate("document.title"),
            "lang": browser.evaluate("document.documentElement.lang"),
            "marks by kind": browser.evaluate(
                "(() => { const c = {}; for (const m of document.querySelectorAll('.doctext mark.f, .doctext .pin'))"
                " { const k = [...m.classList].find(x => x.startsWith('k-')); c[k] = (c[k] || 0) + 1; } return c; })()"),
            "notes by kind": browser.evaluate(
                "(() => { const c = {}; for (const m of document.querySelectorAll('li.note'))"
                " { const k = [...m.classList].find(x => x.startsWith('k-')); c[k] = (c[k] || 0) + 1; } return c; })()"),
            "sections": browser.evaluate(
                "[...document.querySelectorAll('.sections tbody tr')].map(r => [...r.cells].map(c => c.innerText).join(' | '))"),
            "headings": browser.evaluate("[...document.querySelectorAll('h1, h2, h3')].map(h => h.innerText)"),
        }
        browser.screenshot(os.path.join(out, "report.png"), full_page=True)
        # Each paragraph that has a finding marked, close up (twice the size), to see the marks.
        paragraphs = browser.evaluate(
            "[...document.querySelectorAll('.doctext .para')].filter(p => p.querySelector('mark.f, .pin, .sec-tag'))"
            ".map(p => { const r = p.getBoundingClientRect(); return [r.x + scrollX, r.y + scrollY, r.width, r.height,"
            " p.querySelector('.ln').innerText]; })")
        for x, y, w, h, line in paragraphs:
            data = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                           "clip": {"x": x, "y": y, "width": w, "height": h, "scale": 2}})["data"]
            with open(os.path.join(out, f"line-{line}.png"), "wb") as f:
                f.write(base64.b64decode(data))
        report["close-ups"] = [f"line-{p[4]}.png" for p in paragraphs]
        pdf = browser.send("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})["data"]
        # The print layout as a picture too (A4's width at 96 dpi less the margins), to look at without a PDF viewer.
        browser.send("Emulation.setEmulatedMedia", {"media": "print"})
        browser.send("Emulation.setDeviceMetricsOverride", {"width": 700, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
        browser.screenshot(os.path.join(out, "report-print.png"), full_page=True)
        with open(os.path.join(out, "report.pdf"), "wb") as f:
            f.write(base64.b64decode(pdf))
        with open(os.path.join(out, "report.html"), "w", encoding="utf-8") as f:
            f.write(browser.evaluate("document.documentElement.outerHTML"))
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    except Exception as e:
        print(f"drive-serve: {e}", file=sys.stderr)
        return 1
    finally:
        browser.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
