"""Link checks: extraction, every offline pattern, masking, lookalikes, --fix and the SSRF-safe --online client."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from fauxpas.analyzers.links import LinkAnalyzer
from fauxpas.analyzers.online import SafeFetcher, address_problem
from fauxpas.analyzers.urls import find_links, strip_params
from fauxpas.config import Config, load_config
from fauxpas.errors import ConfigError
from fauxpas.linter import Linter
from fauxpas.models import Post, Source

from helpers import run, run_json, write

CONFIG = Config(own_domains=("lumenbake.com",), competitors=("crumbco.com",), classifier=False)


@pytest.fixture(scope="module")
def no_rules():
    """Link checks do not depend on the text rule packs."""
    from fauxpas.rules.loader import RuleSet

    return RuleSet([])


@pytest.fixture(scope="module")
def link_linter(no_rules):
    return Linter(CONFIG, rules=no_rules, use_classifier=False)


def link_findings(linter, text: str, links=(), platform="x"):
    post = Post(text=text, platform=platform, links=list(links), source=Source("post.md", 1))
    report = linter.check(post)
    return [f for f in report.findings if f.origin == "link"]


def rules_of(findings):
    return {f.rule for f in findings}


# -- extraction ---------------------------------------------------------------------------------
def test_find_links_markdown_autolinks_punctuation_and_images():
    text = ("See [our shop](https://lumenbake.com/shop?x=1), <https://a.org/x>. Also https://en.wikipedia.org/wiki/Foo_(bar). "
            "And www.example.org/path! ![pic](https://cdn.example.com/p.jpg) and (https://b.org/y).")
    links = find_links(text)
    urls = [link.url for link in links]
    assert urls == ["https://lumenbake.com/shop?x=1", "https://a.org/x", "https://en.wikipedia.org/wiki/Foo_(bar)",
                    "www.example.org/path", "https://b.org/y"]
    markdown = links[0]
    assert markdown.label == "our shop" and text[markdown.start:markdown.end] == markdown.url
    assert all(text[link.start:link.end] == link.url for link in links)


def test_bare_domains_come_from_spacy_like_url_and_the_suffix_list(link_linter):
    found = link_findings(link_linter, "Deals at bit.ly/3xYz today. Edit config.sh and run Node.js, e.g. notes.md.")
    assert rules_of(found) == {"url-shortener"}
    assert found[0].column == 10


# -- offline checks: one per pattern ----------------------------------------------------------
FLAG = [
    ("https://lumenbake.com/spring?utm_source=newsletter&utm_medium=email", "tracking-parameters", "info"),
    ("https://lumenbake.com/spring?fbclid=IwAR0xyz", "tracking-parameters", "warning"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&si=AbCdEf123", "tracking-parameters", "warning"),
    ("https://bit.ly/3xYzAbc", "url-shortener", "info"),
    ("http://localhost:3000/launch", "localhost-link", "error"),
    ("http://127.0.0.1/admin", "localhost-link", "error"),
    ("http://2130706433/", "localhost-link", "error"),
    ("http://192.168.1.20/preview", "private-ip-link", "error"),
    ("http://[fd00::1]/x", "private-ip-link", "error"),
    ("http://169.254.169.254/latest/meta-data", "private-ip-link", "error"),
    ("http://100.64.3.4/", "private-ip-link", "error"),
    ("https://wiki.corp/launch-plan", "internal-host", "error"),
    ("https://build.internal/artifacts", "internal-host", "error"),
    ("http://printer.local/", "internal-host", "error"),
    ("http://intranet/pages/1", "internal-host", "error"),
    ("https://staging.lumenbake.com/new-lamp", "staging-host", "warning"),
    ("https://lumenbake-dev.lumenbake.com/", "staging-host", "warning"),
    ("https://shop-git-feature-x-lumen.vercel.app/", "staging-host", "warning"),
    ("https://3f2a-81-2-69-160.ngrok-free.app/demo", "tunnel-link", "error"),
    ("https://docs.google.com/document/d/1AbCdEf/edit", "private-share-link", "warning"),
    ("https://drive.google.com/file/d/1AbC/view", "private-share-link", "warning"),
    ("https://www.dropbox.com/scl/fi/abc123/plan.pdf?rlkey=xyz987&dl=0", "private-share-link", "warning"),
    ("https://lumenbake-my.sharepoint.com/:w:/p/jane/EabcDEF", "private-share-link", "warning"),
    ("https://www.notion.so/lumen/Launch-plan-0123abcd", "private-share-link", "warning"),
    ("https://www.figma.com/design/AbC123/Launch", "private-share-link", "warning"),
    ("https://lumenbake.atlassian.net/browse/MKT-42", "private-share-link", "warning"),
    ("https://lumenbake.atlassian.net/wiki/spaces/MKT/pages/1", "private-share-link", "warning"),
    ("https://bob:hunter2@files.lumenbake.com/", "credentials-in-link", "error"),
    ("https://files.s3.amazonaws.com/q3.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAXX&X-Amz-Signature=9f8e7d6c", "signed-url", "error"),
    ("https://acct.blob.core.windows.net/c/f.pdf?sv=2024-01-01&se=2026-12-01&sp=r&sig=AbCdEf%3D", "signed-url", "error"),
    ("https://api.lumenbake.com/report?access_token=eyJhbGciOiJIUzI1NiJ9.abc", "secret-in-url", "error"),
    ("http://lumenbake.com/spring", "insecure-http", "info"),
    ("https://xn--lumenbke-66g.com/login", "lookalike-domain", "error"),   # Cyrillic а
    ("https://lumenbake.co/spring", "lookalike-domain", "warning"),
    ("https://lumenbakes.com/spring", "lookalike-domain", "warning"),
    ("https://lumenbake.github.io/docs/", "lookalike-domain", "warning"),   # anyone can register that name
    ("https://lumenbake.com.account-verify.net/", "lookalike-domain", "error"),
    ("https://crumbco.com/deals", "competitor-link", "warning"),
    ("file:///C:/Users/jane/Desktop/launch.pdf", "local-file-link", "error"),
]


@pytest.mark.parametrize("url,rule,severity", FLAG)
def test_links_flag(link_linter, url, rule, severity):
    found = link_findings(link_linter, f"New lamps are here: {url} - enjoy.")
    hits = [f for f in found if f.rule == rule]
    assert hits, f"{url}: expected {rule}, got {rules_of(found)}"
    finding = hits[0]
    assert finding.category == "link-risk" and finding.origin == "link" and finding.severity == severity
    assert finding.message and finding.suggestion
    assert finding.line == 1 and finding.column == len("New lamps are here: ") + 1


PASS = [
    "https://lumenbake.com/spring",
    "https://shop.lumenbake.com/lamps?code=SPRING20&page=2",
    "https://www.bbc.co.uk/news/articles/c1234567",
    "https://en.wikipedia.org/wiki/Lamp_(disambiguation)",
    "https://github.com/lumenbake/lamp-firmware/releases",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://acne.org/help",            # short own name: no edit-distance guessing
    "https://dev.to/someone/post",      # 'dev' is the domain, not a staging label
    "www.gov.uk/bank-holidays",
    "https://lumenbake.com/blog/2026/11/spring-collection#gallery",
]


@pytest.mark.parametrize("url", PASS)
def test_links_pass(link_linter, url):
    found = link_findings(link_linter, f"Read more: {url}")
    assert found == [], [(f.rule, f.message) for f in found]


def test_markdown_text_naming_another_domain(link_linter):
    found = link_findings(link_linter, "Log in at [lumenbake.com](https://lumenbake-login.net/auth) today")
    assert "link-text-mismatch" in rules_of(found)
    assert not link_findings(link_linter, "Shop at [lumenbake.com](https://shop.lumenbake.com/) today")


def test_front_matter_links_are_checked_without_a_column(link_linter):
    found = link_findings(link_linter, "Our spring post", links=["https://lumenbake.com/?gclid=Cj0KCQ"])
    assert [f.rule for f in found] == ["tracking-parameters"]
    assert found[0].column is None and "post's links" in found[0].message


def test_whole_script_and_mixed_script_homographs():
    config = Config(own_domains=("apple.com", "example.com"), classifier=False)
    analyzer = LinkAnalyzer(config)
    cases = {"https://xn--pple-43d.com/": "lookalike-domain",          # аpple: one Cyrillic letter
             "https://xn--80ak6aa92e.com/": "lookalike-domain",        # аррӏе: all Cyrillic
             "https://examp1e.com/": "lookalike-domain",
             "https://exannple.com/": "lookalike-domain"}
    for url, rule in cases.items():
        assert rule in {i.rule for i in analyzer.issues(url)}, url
    assert analyzer.issues("https://google.com/") == []
    mixed = LinkAnalyzer(Config(classifier=False)).issues("https://xn--pypal-4ve.com/")   # pаypal, no own domains
    assert [i.rule for i in mixed] == ["mixed-script-domain"]


def test_secrets_in_links_are_masked_in_every_output(tmp_path):
    draft = write(tmp_path / "post.md", "---\nplatform: x\n---\nFiles: https://bob:hunter2secret@files.lumenbake.com/q3 "
                  "and https://api.lumenbake.com/r?access_token=tok_LIVE_1234567890abcdef\n")
    for fmt in ("text", "json"):
        result = run("check", "--format", fmt, str(draft), cwd=tmp_path)
        out = result.stdout.decode()
        assert "credentials-in-link" in out and "secret-in-url" in out
        assert "hunter2secret" not in out and "tok_LIVE_1234567890abcdef" not in out
    code, data, _ = run_json("check", str(draft), cwd=tmp_path)
    link = [f for f in data["posts"][0]["findings"] if f["origin"] == "link"]
    assert {f["category"] for f in link} == {"link-risk"}
    assert all(f["line"] == 4 for f in link)


def test_config_own_domains_and_competitors_are_validated(tmp_path):
    good = write(tmp_path / ".fauxpas.yaml", "own_domains: [lumenbake.com, bäckerei.de]\ncompetitors: [crumbco.com, crumbco]\n")
    config = load_config(good)
    assert config.own_domains == ("lumenbake.com", "bäckerei.de") and config.competitors == ("crumbco.com", "crumbco")
    bad = write(tmp_path / "bad.yaml", "account: brand\nown_domains: [https://lumenbake.com/]\n")
    with pytest.raises(ConfigError) as error:
        load_config(bad)
    assert "own_domains" in str(error.value) and ":2:" in str(error.value)


# -- stripping tracking parameters --------------------------------------------------------------
def test_strip_params_keeps_every_other_byte():
    drop = lambda name: name.startswith("utm_") or name == "fbclid"  # noqa: E731
    url = "https://x.com/a?q=hello%20world&utm_source=tw&utm_medium=social&fbclid=IwAR0&id=7#sec"
    assert strip_params(url, drop) == "https://x.com/a?q=hello%20world&id=7#sec"
    assert strip_params("https://x.com/?utm_source=a#top", drop) == "https://x.com/#top"
    assert strip_params("https://x.com/#frag?utm_source=a", drop) == "https://x.com/#frag?utm_source=a"
    assert strip_params("https://x.com/p?a=1&b=%2F", drop) == "https://x.com/p?a=1&b=%2F"


def test_fix_strips_tracking_in_draft_atomically_with_backup(tmp_path):
    original = ("---\nplatform: x\nlinks: [https://lumenbake.com/?utm_source=fm]\n---\n"
                "New: https://lumenbake.com/lamp?utm_source=nl&id=7&fbclid=IwAR0#top and again "
                "https://lumenbake.com/lamp?utm_source=nl&id=7&fbclid=IwAR0#top, also lumenbake.com/x?gclid=abc.\n"
                "<!-- example kept: https://lumenbake.com/?utm_source=comment -->\n")
    draft = write(tmp_path / "post.md", original)
    result = run("check", "--fix", str(draft), cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr.decode()
    fixed = draft.read_text(encoding="utf-8")
    assert fixed == original.replace("?utm_source=fm", "").replace("?utm_source=nl&id=7&fbclid=IwAR0#top", "?id=7#top") \
        .replace("lumenbake.com/x?gclid=abc", "lumenbake.com/x")
    assert (tmp_path / "post.md.bak").read_text(encoding="utf-8") == original
    assert "removed tracking parameters from 4 links" in result.stderr.decode()
    assert "tracking-parameters" not in result.stdout.decode()   # re-checked after the fix


def test_fix_refuses_a_draft_changed_since_it_was_checked(tmp_path, link_linter):
    from fauxpas import sources
    from fauxpas.fixes import apply_fixes

    draft = write(tmp_path / "post.md", "Shop https://lumenbake.com/?utm_source=nl now\n")
    posts, _ = sources.load(draft)
    reports = list(link_linter.check_many(posts))
    draft.write_text("Shop https://lumenbake.com/?utm_source=nl now, edited\n", encoding="utf-8")
    outcome = apply_fixes(reports)
    assert outcome.done == [] and "changed since it was checked" in str(outcome.errors[0])
    assert "edited" in draft.read_text(encoding="utf-8") and not (tmp_path / "post.md.bak").exists()


# -- --online: a local server -------------------------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):  # noqa: N802
        path = self.path
        if path == "/ok":
            body = b"<html><head><title>Spring lamps &amp; more</title></head><body>hi</body></html>"
            self._send(200, body, {"Content-Type": "text/html; charset=utf-8"})
        elif path.startswith("/hop/"):
            n = int(path.rsplit("/", 1)[1])
            self._send(302, b"", {"Location": f"/hop/{n + 1}" if n < 9 else "/ok"})
        elif path == "/redirect":
            self._send(301, b"", {"Location": "/ok"})
        elif path == "/away":
            self._send(302, b"", {"Location": f"http://other-site.com:{self.server.server_port}/ok"})
        elif path == "/to-private":
            self._send(302, b"", {"Location": "http://10.0.0.7/admin"})
        elif path == "/loop":
            self._send(302, b"", {"Location": "/loop"})
        elif path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"x" * 65536)
                    self.server.sent += 65536
            except OSError:
                pass
        elif path == "/login":
            self._send(403, b"no", {})
        else:
            self._send(404, b"<title>Not found</title>", {"Content-Type": "text/html"})

    def _send(self, status, body, headers):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.sent = 0
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _resolver(host, port):
    """Test DNS: these public-looking names live on the local test server."""
    if host in ("shop.lumenbake.com", "other-site.com"):
        return ["127.0.0.1"]
    raise __import__("socket").gaierror(-2, "Name or service not known")


@pytest.fixture
def fetcher():
    f = SafeFetcher(allow_loopback=True, resolver=_resolver, timeout=2, max_bytes=64 * 1024)
    yield f
    f.close()


def test_online_status_redirects_title(server, fetcher):
    base = f"http://shop.lumenbake.com:{server.server_port}"
    ok = fetcher.fetch(base + "/redirect")
    assert ok.status == 200 and ok.title == "Spring lamps & more" and ok.chain == [(base + "/redirect", 301)]
    assert ok.final_host == "shop.lumenbake.com"
    assert fetcher.fetch(base + "/nope").status == 404
    assert fetcher.fetch(base + "/hop/5").error is None            # 5 redirects: allowed
    assert fetcher.fetch(base + "/hop/4").error == "too-many-redirects"  # 6 redirects: refused
    assert fetcher.fetch(base + "/loop").error == "too-many-redirects"
    blocked = fetcher.fetch(base + "/to-private")
    assert blocked.error == "blocked" and "10.0.0.7" in blocked.detail
    assert fetcher.fetch("https://no-such-host.lumenbake.org/").error == "dns"


def test_online_body_is_capped(server, fetcher):
    server.sent = 0
    result = fetcher.fetch(f"http://shop.lumenbake.com:{server.server_port}/big")
    assert result.status == 200 and result.title is None
    assert server.sent < 13 * 1024 * 1024  # stopped reading long before the 13 MB the server offers


def test_online_ignores_proxy_environment(server, fetcher, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://10.9.9.9:3128")
    monkeypatch.setenv("http_proxy", "http://10.9.9.9:3128")
    assert fetcher.fetch(f"http://shop.lumenbake.com:{server.server_port}/ok").status == 200


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://localhost/", "http://2130706433/", "http://0x7f000001/",
                                 "http://127.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://169.254.169.254/",
                                 "http://10.1.2.3/", "http://192.168.0.1/", "http://100.64.0.1/", "http://[fd00::1]/",
                                 "http://0.0.0.0/", "file:///etc/passwd", "ftp://example.com/", "http://user:pw@example.com/"])
def test_default_client_refuses_non_public_targets(url):
    fetcher = SafeFetcher(timeout=2)
    try:
        result = fetcher.fetch(url)
    finally:
        fetcher.close()
    assert result.error == "blocked", (url, result)


def test_dns_rebinding_connects_to_the_checked_address(server):
    answers = iter([["127.0.0.1"], ["10.0.0.1"]])
    fetcher = SafeFetcher(allow_loopback=True, resolver=lambda host, port: next(answers), timeout=2)
    result = fetcher.fetch(f"http://rebind.lumenbake.com:{server.server_port}/ok")   # one lookup, one connection
    assert result.status == 200
    mixed = SafeFetcher(allow_loopback=True, resolver=lambda h, p: ["127.0.0.1", "10.0.0.1"], timeout=2)
    assert mixed.fetch(f"http://mixed.lumenbake.com:{server.server_port}/ok").error == "blocked"
    assert address_problem(__import__("ipaddress").ip_address("8.8.8.8")) is None


def test_online_findings_through_the_linter(server, fetcher, no_rules):
    base = f"http://shop.lumenbake.com:{server.server_port}"
    config = Config(own_domains=("lumenbake.com",), classifier=False, online=True)
    linter = Linter(config, rules=no_rules, use_classifier=False, analyzers=[LinkAnalyzer(config, fetcher=fetcher)])
    text = f"Gone: {base}/nope. Login: {base}/login. Moved: {base}/away. Fine: {base}/ok"
    report = linter.check(Post(text=text, source=Source("post.md")))
    by_rule = {f.rule: f for f in report.findings if f.origin == "link"}
    assert by_rule["broken-link"].severity == "error" and "404" in by_rule["broken-link"].message
    assert by_rule["link-requires-login"].severity == "warning"
    moved = by_rule["link-redirects-elsewhere"]
    assert "other-site.com" in moved.message and "Spring lamps & more" in moved.message
    assert by_rule["broken-link"].column == len("Gone: ") + 1


def test_online_cli_reports_a_name_that_does_not_resolve(tmp_path):
    draft = write(tmp_path / "post.md", "Our page: https://fauxpas-no-such-host-4711.lumenbake.invalid-tld-xyz/\n")
    offline = run("check", str(draft), cwd=tmp_path).stdout.decode()
    assert "broken-link" not in offline
    code, data, _ = run_json("check", "--online", str(draft), cwd=tmp_path)
    rules = {f["rule"] for f in data["posts"][0]["findings"]}
    assert "internal-host" in rules   # no public suffix: flagged offline, never fetched
    draft2 = write(tmp_path / "post2.md", "Our page: https://fauxpas-no-such-host-4711.com/\n")
    code, data, _ = run_json("check", "--online", str(draft2), cwd=tmp_path)
    findings = [f for f in data["posts"][0]["findings"] if f["rule"] in ("broken-link", "link-unreachable")]
    assert findings and findings[0]["category"] == "link-risk", json.dumps(data)[:500]
