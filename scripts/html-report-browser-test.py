#!/usr/bin/env python3
"""Renders fzlint's HTML report in headless Chromium and checks it as a reviewer's browser
shows it (issue 15): driven over the DevTools protocol, for the bundled examples and, when
../shared is beside the repository, the seed reports.

Checked on the live page:
- every finding has a highlight in the text and an entry in the list (the ids of the
  `mark[data-f]` elements are exactly the findings of `--format json` for the same files);
- the matrix has a cell per report and required part, and a part is ✗ where the run reports
  it missing;
- clicking a highlight marks its entry; clicking a column header sorts the table;
- no request leaves the page (every URL is the file itself) and nothing is logged as an error;
- how long the page takes to load.
Screenshots go to target/html-report/ (CI keeps them as artifacts).

Usage: scripts/html-report-browser-test.py [--scale N]
--scale N also renders a report of N copies of the examples and prints its load time.
Installs what it needs when missing: Debian's chromium and fonts-noto-cjk (apt-get), and
websocket-client (pip).
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHOTS = os.path.join(ROOT, "target", "html-report")
FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print(f"FAIL: {what}", file=sys.stderr)
    return cond


def ensure_tools():
    if shutil.which("chromium") is None:
        subprocess.run(["apt-get", "update", "-q"], check=False, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-q", "chromium", "fonts-noto-cjk"], check=True)
    if subprocess.run(["fc-list", ":lang=zh"], stdout=subprocess.PIPE, text=True).stdout.strip() == "":
        subprocess.run(["apt-get", "install", "-y", "-q", "fonts-noto-cjk"], check=False)
    try:
        import websocket  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "websocket-client"], check=True)


class Browser:
    """One headless Chromium with one page, spoken to over the DevTools protocol."""

    def __init__(self, profile):
        import websocket

        self.proc = subprocess.Popen(
            [
                "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--remote-debugging-port=0", "--remote-allow-origins=*",
                f"--user-data-dir={profile}",
                "--window-size=1280,900", "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = os.path.join(profile, "DevToolsActivePort")
        for _ in range(200):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            time.sleep(0.1)
        port = open(port_file).read().split()[0]
        for _ in range(50):
            try:
                targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
                page = next(t for t in targets if t["type"] == "page")
                break
            except Exception:
                time.sleep(0.1)
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=120)
        self.next_id = 0
        self.events = []
        for domain in ["Page", "Runtime", "Network", "Log"]:
            self.call(f"{domain}.enable")

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def wait_for(self, method, timeout=120):
        deadline = time.time() + timeout
        for e in self.events:
            if e.get("method") == method:
                return e
        while time.time() < deadline:
            msg = json.loads(self.ws.recv())
            self.events.append(msg)
            if msg.get("method") == method:
                return msg
        raise TimeoutError(method)

    def js(self, expression):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expression[:60]}…: {r['exceptionDetails']}")
        return r["result"].get("value")

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=10)


def fzlint(*args):
    exe = os.path.join(ROOT, "target", "debug", "fzlint")
    return subprocess.run([exe, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def render(name, paths, work):
    """The page and the JSON findings of the same files."""
    page = os.path.join(work, f"{name}.html")
    run = fzlint("check", "--no-config", "--format", "html", "--output", page, *paths)
    check(run.returncode in (0, 1), f"{name}: fzlint exited {run.returncode}: {run.stderr[-500:]}")
    out = fzlint("check", "--no-config", "--format", "json", *paths)
    return page, json.loads(out.stdout)


def expected_missing(findings):
    return sum(
        1
        for d in findings["diagnostics"]
        if d["rule"].startswith("annual-report/")
        and (d["message"].startswith("缺少「") or d["message"].startswith("没有「"))
    )


def inspect(name, page, findings, work):
    print(f"{name}: {os.path.getsize(page) // 1024} KB, {len(findings['diagnostics'])} findings")
    b = Browser(os.path.join(work, f"profile-{name}"))
    try:
        url = "file://" + page
        started = time.time()
        b.call("Page.navigate", url=url)
        b.wait_for("Page.loadEventFired")
        loaded = time.time() - started
        print(f"  loaded in {loaded:.2f} s")
        facts = b.js(
            """(() => {
              const ids = new Set();
              document.querySelectorAll('mark[data-f]').forEach(m =>
                m.getAttribute('data-f').split(' ').forEach(i => ids.add(i)));
              const listed = [...document.querySelectorAll('ol.findings li[id]')].map(l => l.id);
              const cells = [...document.querySelectorAll('#matrix td[data-part]')]
                .map(td => td.className);
              const rows = document.querySelectorAll('#matrix tbody tr').length;
              const parts = document.querySelectorAll('#matrix thead th').length - 1;
              return { marked: [...ids].sort(), listed: listed.sort(), cells, rows, parts,
                       reports: document.querySelectorAll('details.report').length };
            })()"""
        )
        n = len(findings["diagnostics"])
        check(len(facts["marked"]) == n, f"{name}: {len(facts['marked'])} highlighted of {n} findings")
        check(facts["marked"] == facts["listed"], f"{name}: highlights and list differ")
        if facts["parts"] > 0:
            check(len(facts["cells"]) == facts["rows"] * facts["parts"], f"{name}: matrix not full")
            missing = facts["cells"].count("missing")
            check(
                missing == expected_missing(findings),
                f"{name}: {missing} ✗ cells, the run reports {expected_missing(findings)} parts missing",
            )
        # a click on a highlight marks its entry in the list
        clicked = b.js(
            """(() => {
              const m = document.querySelector('mark[data-f]:not(.pin)');
              if (!m) return null;
              m.click();
              const li = document.querySelector('ol.findings li.active');
              return [m.getAttribute('data-f').split(' ')[0], li && li.id];
            })()"""
        )
        if clicked:
            check(clicked[0] == clicked[1], f"{name}: clicking a highlight marked {clicked[1]}, not {clicked[0]}")
        # a click on 错误 sorts the table by errors, most first
        errors = b.js(
            """(() => {
              const th = [...document.querySelectorAll('#reports th')].find(t => t.textContent.startsWith('错误'));
              th.click(); th.click();
              const col = [...th.parentNode.children].indexOf(th);
              return [...document.querySelectorAll('#reports tbody tr')]
                .map(r => r.cells[col] ? parseFloat(r.cells[col].getAttribute('data-v') || '-1') : -1);
            })()"""
        )
        check(errors == sorted(errors, reverse=True), f"{name}: not sorted by errors: {errors}")
        # open the first report for the screenshot
        b.js("(() => { const d = document.querySelector('details.report'); if (d) d.open = true; })()")
        os.makedirs(SHOTS, exist_ok=True)
        shot = b.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                      clip={"x": 0, "y": 0, "width": 1280, "height": 2600, "scale": 1})
        path = os.path.join(SHOTS, f"{name}.png")
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        print(f"  screenshot: {os.path.relpath(path, ROOT)}")
        # the overview, small, as docs/images/html-report.png shows it
        shot = b.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                      clip={"x": 0, "y": 0, "width": 1280, "height": 1450, "scale": 0.6})
        with open(os.path.join(SHOTS, f"{name}-overview.png"), "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        # printed: A4 (the page's own @page size), every report open, each on its own page
        if facts["reports"] <= 50:
            pdf = base64.b64decode(b.call("Page.printToPDF", preferCSSPageSize=True)["data"])
            import re
            pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
            sizes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)", pdf))
            check(pages >= facts["reports"] + 1, f"{name}: printed on {pages} pages for {facts['reports']} reports")
            check(bool(sizes) and all(abs(float(w) - 595) < 2 and abs(float(h) - 842) < 2 for w, h in sizes),
                  f"{name}: printed page sizes {sizes} are not A4")
            opened = b.js("document.querySelectorAll('details.report[open]').length")
            check(opened == facts["reports"], f"{name}: {opened} of {facts['reports']} reports open in print")
            print(f"  printed: {pages} A4 pages")
        # nothing left the page, nothing went wrong
        requests = [
            e["params"]["request"]["url"]
            for e in b.events
            if e.get("method") == "Network.requestWillBeSent"
        ]
        outside = [u for u in requests if not (u == url or u.startswith("data:"))]
        check(not outside, f"{name}: requests left the page: {outside[:5]}")
        errors = [
            e for e in b.events
            if e.get("method") == "Runtime.exceptionThrown"
            or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")
            or (e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] == "error")
        ]
        check(not errors, f"{name}: errors on the page: {json.dumps(errors)[:500]}")
        return loaded
    finally:
        b.close()


def main():
    ensure_tools()
    subprocess.run(["cargo", "build", "--locked", "-q", "-p", "fzlint"], cwd=ROOT, check=True)
    scale = None
    if "--scale" in sys.argv:
        scale = int(sys.argv[sys.argv.index("--scale") + 1])
    with tempfile.TemporaryDirectory(prefix="fzlint-html-") as work:
        page, findings = render("examples", ["examples", "tests/fixtures/page.html"], work)
        inspect("examples", page, findings, work)
        seeds = os.path.join(ROOT, "..", "shared", "corpus", "seeds")
        if os.path.isdir(seeds):
            page, findings = render("seeds", [os.path.abspath(seeds)], work)
            inspect("seeds", page, findings, work)
        elif os.environ.get("CI"):
            check(False, f"{seeds} is missing in CI")
        else:
            print(f"seeds: skipped ({seeds} not found)")
        if scale:
            corpus = os.path.join(work, "corpus")
            os.makedirs(corpus)
            sources = [os.path.join(ROOT, "examples", f) for f in sorted(os.listdir(os.path.join(ROOT, "examples")))]
            for i in range(scale):
                src = sources[i % len(sources)]
                shutil.copy(src, os.path.join(corpus, f"{i:05d}-{os.path.basename(src)}"))
            started = time.time()
            page, findings = render("scale", [corpus], work)
            written = time.time() - started
            started = time.time()
            fzlint("check", "--no-config", "--format", "concise", corpus)
            checked = time.time() - started
            print(f"scale: {scale} reports; html run {written:.2f} s, concise run {checked:.2f} s")
            inspect("scale", page, findings, work)
    if FAILURES:
        print(f"\n{len(FAILURES)} check(s) of the HTML report failed", file=sys.stderr)
        sys.exit(1)
    print("HTML report: every check passed in Chromium")


if __name__ == "__main__":
    main()
