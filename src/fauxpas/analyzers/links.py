"""Link checks: what a URL in a post gives away, or where it really goes.

Links come from the text (scheme/``www.`` URLs by a precise pattern, Markdown links with their
visible text, bare domains that spaCy calls ``like_url`` and the public suffix list confirms) and
from front matter or calendar ``links``. Hosts are normalised with IDNA 2008 / UTS #46 (``idna``)
and split with ``tldextract``'s bundled public suffix snapshot (never the network).

Offline checks are pure functions of the URL and the configuration, cached per URL. ``--online``
adds status, redirects, final domain and title through the SSRF-safe client in ``online.py``.
Secrets in URLs (passwords, tokens, signatures) are masked in every message.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from fauxpas.analyzers import Analyzer
from fauxpas.analyzers.urls import Link, find_links, numeric_ipv4, query_pairs, split, strip_params
from fauxpas.models import Finding
from fauxpas.rules.masking import mask

if TYPE_CHECKING:  # pragma: no cover
    from fauxpas.config import Config
    from fauxpas.models import Post
    from fauxpas.view import PostView

CATEGORY = "link-risk"
# Suffixes that are also common file extensions: "config.sh" or "notes.md" alone is not a link.
FILE_LIKE_SUFFIXES = {"py", "sh", "md", "rs", "pl", "ps", "cc", "ai", "mov", "zip", "so", "in", "is", "it", "to", "at",
                      "me", "do", "go", "js", "cs", "co", "txt", "csv", "pdf", "png", "jpg", "gif", "yml", "yaml",
                      "json", "xml", "html", "php", "exe", "app", "dev", "bat", "tv", "fm", "am", "pm", "us", "no"}
DOMAIN_IN_LABEL = re.compile(r"(?i)(?:https?://)?((?:[\w-]+\.)+[^\W\d_]{2,})(?![\w.-]*@)")


@dataclass
class Issue:
    """One problem with a URL, independent of where in a post it appears."""

    rule: str
    severity: str
    message: str
    suggestion: str
    fix: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Host:
    """A link's host after IDNA normalisation and public-suffix parsing."""

    ascii: str                 # xn-- form, lower case
    unicode: str               # as a reader sees it
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address | None
    registrable: str           # "acme.co.uk" ("" when there is no public suffix)
    label: str                 # "acme"
    suffix: str                # "co.uk"
    subdomain: str             # "shop.eu"
    error: str | None = None   # IDNA problem


@lru_cache(maxsize=1)
def link_data() -> dict[str, Any]:
    import yaml

    from fauxpas.paths import rules_dir

    with open(rules_dir() / "data" / "links.yaml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    data["_shorteners"] = frozenset(data["shorteners"])
    data["_tunnels"] = tuple(data["tunnels"])
    data["_internal"] = frozenset(data["internal_suffixes"])
    data["_documentation"] = frozenset(data.get("documentation_domains", ()))
    data["_env"] = frozenset(data["environment_labels"])
    data["_env_re"] = re.compile(r"(?:^|[-_.])(" + "|".join(re.escape(e) for e in sorted(data["_env"], key=len, reverse=True)) + r")(?:$|[-_.\d])")
    tracking = data["tracking"]
    names: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    for group in ("campaign", "click-id"):
        spec = tracking[group]
        for name in spec.get("names", []):
            names[name.lower()] = spec["severity"]
        for prefix in spec.get("prefixes", []):
            prefixes.append((prefix.lower(), spec["severity"]))
    data["_track_names"] = names
    data["_track_prefixes"] = tuple(prefixes)
    data["_track_site"] = {d: {n.lower() for n in ns} for d, ns in tracking["site"]["domains"].items()}
    data["_site_severity"] = tracking["site"]["severity"]
    data["_shares"] = [(s["name"], s["host"], re.compile(s["path"]) if s["path"] else None) for s in data["private_shares"]]
    data["_signature"] = frozenset(p.lower() for p in data["signature_params"])
    data["_secret"] = frozenset(p.lower() for p in data["secret_params"])
    return data


@lru_cache(maxsize=1)
def extractor() -> Any:
    """tldextract with its bundled snapshot only: no download, no cache directory, no network."""
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


@lru_cache(maxsize=8192)
def parse_host(host: str) -> Host:
    """IDNA-normalise and split a host name (cached: posts repeat the same domains)."""
    bare = host.strip("[]").rstrip(".")
    ip: Any = None
    try:
        ip = ipaddress.ip_address(bare)
    except ValueError:
        dotted = numeric_ipv4(bare)
        if dotted:
            ip = ipaddress.ip_address(dotted)
    if ip is not None:
        return Host(str(ip), str(ip), ip, "", "", "", "")
    error = None
    ascii_host, unicode_host = bare.lower(), bare.lower()
    if not bare.isascii() or "xn--" in bare.lower():
        import idna

        try:
            ascii_host = idna.encode(bare, uts46=True).decode("ascii")
            unicode_host = idna.decode(ascii_host)
        except (idna.IDNAError, UnicodeError, ValueError) as exc:
            error = str(exc) or "not a valid internationalised name"
            ascii_host = bare.lower()
    parts = extractor()(ascii_host)
    registrable = f"{parts.domain}.{parts.suffix}" if parts.domain and parts.suffix else ""
    label = parts.domain
    if label.startswith("xn--"):
        try:
            import idna

            label = idna.decode(label)
        except (idna.IDNAError, UnicodeError, ValueError):
            pass
    return Host(ascii_host, unicode_host, None, registrable, label, parts.suffix, parts.subdomain, error)


def _host_in(host: str, domains) -> str | None:
    for domain in domains:
        if host == domain or host.endswith("." + domain):
            return domain
    return None


def masked_url(url: str, secret_names: frozenset[str] = frozenset()) -> str:
    """The URL with any password and the values of secret parameters masked, shortened for a message."""
    parts = split(url)
    shown = url
    if parts is not None and parts.userinfo and ":" in parts.userinfo:
        user, _, password = parts.userinfo.partition(":")
        shown = shown.replace(parts.userinfo + "@", f"{user}:{mask(password) if password else ''}@", 1)
    if secret_names and "?" in shown:
        def hide(m: re.Match[str]) -> str:
            name, value = m.group(1), m.group(2)
            from urllib.parse import unquote

            if unquote(name).lower() in secret_names and value:
                return f"{name}={mask(value)}"
            return m.group(0)

        head, _, rest = shown.partition("?")
        shown = head + "?" + re.sub(r"([^&=#]+)=([^&#]*)", hide, rest)
    if len(shown) > 100:
        shown = shown[:97] + "…"
    return shown


class LinkAnalyzer(Analyzer):
    """Link findings (category link-risk, origin "link") for one configuration."""

    name = "links"

    def __init__(self, config: "Config", fetcher: Any = None):
        super().__init__(config)
        self._fetcher = fetcher
        self._checker: Any = None
        self._online: dict[str, Any] = {}
        self._issue_cache: dict[str, list[Issue]] = {}

    # -- collecting links ---------------------------------------------------------------------
    def links(self, post: "Post", view: "PostView | None" = None) -> list[Link]:
        text = post.text
        found = find_links(text)
        if view is not None and view.doc is not None and "." in text:
            from spacy.attrs import LIKE_URL

            spans = [(link.start, link.end) for link in found]
            flags = view.doc.to_array(LIKE_URL).tolist() if len(view.doc) else []
            for index in (i for i, flag in enumerate(flags) if flag):
                token = view.doc[index]
                if "@" in token.text or "." not in token.text:
                    continue
                start = token.idx
                if any(a <= start < b for a, b in spans):
                    continue
                candidate = self._bare_domain(token.text)
                if candidate:
                    found.append(Link(candidate, start, start + len(candidate)))
            found.sort(key=lambda link: link.start or 0)
        for url in post.links:
            found.append(Link(url.strip(), where="meta"))
        return found

    def _bare_domain(self, token: str) -> str | None:
        from fauxpas.analyzers.urls import trim

        token = trim(token)
        if token.lower().startswith(("http://", "https://", "www.", "ftp://", "file://")):
            return None  # the precise pattern owns these
        host = token.split("/", 1)[0].split("?", 1)[0].split(":", 1)[0]
        if not host or host != host.lower() and host.split(".")[-1] != host.split(".")[-1].lower():
            return None
        parsed = parse_host(host)
        if parsed.ip is not None:
            return token if "." in host and host.count(".") == 3 else None
        last = host.lower().rsplit(".", 1)[-1]
        if not parsed.registrable:
            known = link_data()["_internal"] | link_data()["_documentation"]
            return token if last in known and "." in host else None
        if parsed.suffix in FILE_LIKE_SUFFIXES and "/" not in token and not parsed.subdomain:
            return None
        return token

    # -- Analyzer interface -------------------------------------------------------------------
    def analyze(self, post: "Post", view: "PostView") -> list[Finding]:
        if not post.links and "." not in post.text:
            return []
        links = self.links(post, view)
        if not links:
            return []
        from fauxpas.linter import position

        findings: list[Finding] = []
        seen: set[tuple[str, str]] = set()
        online_links: list[Link] = []
        for link in links:
            issues = self.issues(link.url)
            if link.label is not None:
                mismatch = self._label_issue(link)
                if mismatch:
                    issues = [*issues, mismatch]
            for issue in issues:
                key = (issue.rule, link.url)
                if key in seen:
                    continue
                seen.add(key)
                findings.append(self._finding(issue, link, post, position))
            if self.config.online or self._fetcher is not None:
                if not any(i.rule in OFFLINE_UNREACHABLE for i in issues):
                    online_links.append(link)
        if online_links:
            findings.extend(self._online_findings(online_links, post, position, findings))
        return findings

    def _finding(self, issue: Issue, link: Link, post: "Post", position) -> Finding:
        finding = Finding(rule=issue.rule, category=CATEGORY, severity=issue.severity, message=issue.message,
                          origin="link", suggestion=issue.suggestion, fix=issue.fix, notes=list(issue.notes),
                          excerpt=masked_url(link.url, link_data()["_secret"] | link_data()["_signature"] | SIGNED_EXTRA))
        if link.start is not None:
            finding.start, finding.end = link.start, link.end
            finding.line, finding.column = position(post, link.start)
        else:
            finding.line, finding.column = post.source.line, None
            finding.message += " (in the post's links)"
        return finding

    # -- offline checks -----------------------------------------------------------------------
    def issues(self, url: str) -> list[Issue]:
        cached = self._issue_cache.get(url)
        if cached is None:
            cached = self._issue_cache[url] = self._issues(url)
            if len(self._issue_cache) > 20000:
                self._issue_cache.clear()
        return cached

    def _issues(self, url: str) -> list[Issue]:
        data = link_data()
        out: list[Issue] = []
        parts = split(url)
        secrets = data["_secret"] | data["_signature"] | SIGNED_EXTRA
        shown = masked_url(url, secrets)
        if parts is None:
            return out
        if parts.scheme == "file":
            out.append(Issue("local-file-link", "error", f"Link to a file on the author's computer: {shown}",
                             "Upload the file somewhere public and link to that, or remove the link."))
            return out
        if parts.userinfo:
            user, _, password = parts.userinfo.partition(":")
            tokenish = len(user) >= 20 or bool(re.match(r"^(gh[pousr]_|glpat-|xox[bap]-|sk-)", user))
            severity = "error" if password or tokenish else "warning"
            what = "a user name and password" if password else ("an access token" if tokenish else "a user name")
            out.append(Issue("credentials-in-link", severity, f"Link contains {what}: {shown}",
                             "Remove the credentials from the link, and change that password or revoke the token: "
                             "everyone who sees the post can use it."))
        host = parse_host(parts.host) if parts.host else None
        if host is None:
            return out
        out.extend(self._host_issues(host, parts, shown))
        pairs = query_pairs(parts.query) if parts.query else []
        if pairs:
            out.extend(self._query_issues(url, pairs, host, shown))
        if parts.scheme == "http" and not any(i.rule in OFFLINE_UNREACHABLE for i in out):
            out.append(Issue("insecure-http", "info", f"Link uses plain http (browsers mark it 'Not secure'): {shown}",
                             "Use the https:// address if the site has one."))
        return out

    def _host_issues(self, host: Host, parts, shown: str) -> list[Issue]:
        data = link_data()
        out: list[Issue] = []
        name = host.ascii
        if host.ip is not None:
            from fauxpas.analyzers.online import address_problem

            problem = address_problem(host.ip)
            if problem:
                rule = "localhost-link" if host.ip.is_loopback else "private-ip-link"
                out.append(Issue(rule, "error", f"Link points at {host.ip}, {problem}: readers cannot open it, and it "
                                 "shows internal addressing", "Replace it with the public address of the page."))
            return out
        if host.error:
            out.append(Issue("invalid-domain", "warning", f"'{parts.host}' is not a valid domain name ({host.error})",
                             "Check the address: it may be mistyped or disguised."))
            return out
        if name == "localhost" or name.endswith(".localhost"):
            out.append(Issue("localhost-link", "error", f"Link points at {name}: it only works on the author's own computer",
                             "Replace it with the public address of the page."))
            return out
        tunnel = _host_in(name, data["_tunnels"])
        if tunnel:
            out.append(Issue("tunnel-link", "error", f"Link goes through a development tunnel ({tunnel}): it exposes a "
                             "developer's machine and stops working when the tunnel closes",
                             "Publish the page on the real site and link that."))
            return out
        if "." not in name:
            out.append(Issue("internal-host", "error", f"Link to '{name}', a single-label host that only resolves inside a "
                             "private network", "Replace it with the public address of the page."))
            return out
        documentation = next((s for s in data["_documentation"] if name == s or name.endswith("." + s)), None)
        if documentation:
            out.append(Issue("documentation-domain", "info", f"Link to '{name}', a name reserved for examples "
                             "and documentation: if it stands in for a real page, put the real address in",
                             "Replace the example address with the page's real address before posting."))
            return out
        internal = next((s for s in data["_internal"] if name.endswith("." + s)), None)
        if internal or not host.registrable:
            reason = f".{internal} is a private-network name" if internal else "it has no public domain ending"
            out.append(Issue("internal-host", "error", f"Link to the internal host '{name}' ({reason}): readers cannot "
                             "open it, and it names internal systems", "Replace it with the public address of the page."))
            return out
        preview = self._preview(host)
        env = data["_env_re"].search(host.subdomain) if host.subdomain else None
        if env or preview:
            what = f"'{env.group(1)}' in the host name" if env else preview
            out.append(Issue("staging-host", "warning", f"Link to a staging or development host '{name}' ({what})",
                             "Link the live page on the public site instead of the test environment."))
        share = self._private_share(name, parts)
        if share:
            out.append(share)
        if name in data["_shorteners"] or host.registrable in data["_shorteners"]:
            out.append(Issue("url-shortener", "info", f"Shortened link ({host.registrable or name}): nobody can see where "
                             "it goes", "Expand it and check the target (`fauxpas check --online` does), or link the full address."))
        out.extend(self._domain_issues(host))
        return out

    def _preview(self, host: Host) -> str | None:
        for spec in link_data()["preview_hosts"]:
            suffix, pattern = spec["suffix"], spec["pattern"]
            if host.ascii.endswith("." + suffix):
                head = host.ascii[: -len(suffix) - 1]
                if pattern == "." and "." in head or pattern != "." and pattern in head:
                    return f"a preview deployment on {suffix}"
        return None

    def _private_share(self, name: str, parts) -> Issue | None:
        for label, domain, path in link_data()["_shares"]:
            if name == domain or name.endswith("." + domain):
                if path is None or path.search(parts.path or "/"):
                    names = {n.lower() for n, _ in query_pairs(parts.query)} if parts.query else set()
                    if "rlkey" in names:
                        return Issue("private-share-link", "warning", f"{label} link with an access key (rlkey): anyone "
                                     "who sees the post can open the file", "Check that the file is meant to be public; "
                                     "otherwise share a public copy.")
                    kind = "edit link" if "/edit" in (parts.path or "") else "link"
                    return Issue("private-share-link", "warning", f"{label} {kind}: it opens an internal workspace and "
                                 "may show private material or fail for readers", "Check its sharing settings, or link a "
                                 "public page instead.")
        return None

    def _query_issues(self, url: str, pairs: list[tuple[str, str]], host: Host, shown: str) -> list[Issue]:
        data = link_data()
        out: list[Issue] = []
        lower = {n.lower() for n, _ in pairs}
        signed = sorted(n for n, _ in pairs if n.lower() in data["_signature"])
        if "sig" in lower and lower & {"sv", "se", "sp"}:
            signed.append("sig")
        if "signature" in lower and lower & {"key-pair-id", "expires"}:
            signed.append("Signature")
        if signed:
            out.append(Issue("signed-url", "error", f"Signed storage link ({', '.join(signed)}): it grants access to a "
                             f"private file until it expires, then breaks for everyone: {shown}",
                             "Link a public page or a permanent public copy of the file instead."))
        secrets = sorted({n for n, v in pairs if n.lower() in data["_secret"] and v and n.lower() != "rlkey"})
        if secrets:
            out.append(Issue("secret-in-url", "error", f"Link carries a secret in its {', '.join(repr(s) for s in secrets)} "
                             f"parameter: {shown}", "Remove the parameter and revoke that token: anyone who sees the post "
                             "can use it."))
        tracked = tracking_params([n for n, _ in pairs], host.registrable)
        if tracked:
            severity = "warning" if any(s == "warning" for _, s in tracked) else "info"
            names = [n for n, _ in tracked]
            drop = {n.lower() for n in names}
            cleaned = strip_params(url, lambda n: n.lower() in drop)
            what = "tracking identifiers" if severity == "warning" else "campaign tracking parameters"
            out.append(Issue("tracking-parameters", severity, f"Link carries {what}: {', '.join(names)}",
                             "Remove them (`fauxpas check --fix` does, keeping the rest of the link as written).",
                             fix=cleaned))
        return out

    def _domain_issues(self, host: Host) -> list[Issue]:
        out: list[Issue] = []
        checker = self.checker()
        if checker is not None:
            found = checker.check(host.registrable, host.registrable.split(".")[0], host.suffix, host.label, host.subdomain)
            if found is not None:
                severity = "error" if found.how in ("punycode homoglyph", "mixed scripts", "look-alike characters", "subdomain") else "warning"
                shown = host.unicode if host.unicode != host.ascii else host.ascii
                extra = f" (written {host.ascii})" if host.unicode != host.ascii else ""
                out.append(Issue("lookalike-domain", severity, f"'{shown}'{extra} looks like your domain '{found.own}' "
                                 f"({found.how})", "Check the address letter by letter and link your real domain."))
        if not out and not host.label.isascii():
            from fauxpas.analyzers.lookalike import scripts

            used = scripts(host.label)
            if len(used) > 1:
                out.append(Issue("mixed-script-domain", "warning", f"Domain '{host.unicode}' mixes {' and '.join(sorted(s.title() for s in used))} "
                                 f"letters (written {host.ascii}): a common disguise", "Check that this is the site you mean."))
        competitor = self._competitor(host)
        if competitor:
            out.append(Issue("competitor-link", "warning", f"Link to a competitor's domain '{host.registrable}' ({competitor})",
                             "Check that you mean to send readers to a competitor; link your own page otherwise."))
        return out

    def _competitor(self, host: Host) -> str | None:
        for entry in self.config.competitors:
            item = entry.strip().lower()
            if "." in item:
                ascii_item = parse_host(item).registrable or item
                if host.registrable == ascii_item or host.ascii.endswith("." + ascii_item):
                    return entry
            elif item and host.label.lower() == item:
                return entry
        return None

    def checker(self) -> Any:
        if self._checker is None:
            from fauxpas.analyzers.lookalike import LookalikeChecker, OwnDomain, skeleton

            own = []
            for domain in self.config.own_domains:
                host = parse_host(domain.strip().lower())
                if host.registrable:
                    own.append(OwnDomain(host.registrable, host.label, host.suffix, skeleton(host.label)))
            self._checker = LookalikeChecker(own) if own else False
        return self._checker or None

    def _label_issue(self, link: Link) -> Issue | None:
        label = link.label or ""
        match = DOMAIN_IN_LABEL.search(label)
        if not match:
            return None
        named = parse_host(match.group(1).lower())
        parts = split(link.url)
        if not named.registrable or parts is None or not parts.host:
            return None
        target = parse_host(parts.host)
        target_name = target.registrable or target.ascii
        if named.registrable == target_name:
            return None
        return Issue("link-text-mismatch", "warning", f"Link text names '{named.registrable}' but the link goes to "
                     f"'{target_name}'", "Make the text and the address agree, so readers know where they are going.")

    # -- online checks ------------------------------------------------------------------------
    def fetcher(self) -> Any:
        if self._fetcher is None:
            from fauxpas.analyzers.online import SafeFetcher

            self._fetcher = SafeFetcher()
        return self._fetcher

    def _online_findings(self, links: list[Link], post: "Post", position, offline: list[Finding]) -> list[Finding]:
        fetcher = self.fetcher()
        todo = []
        for link in links:
            parts = split(link.url)
            if parts is None or parts.scheme not in ("http", "https"):
                continue
            if link.url not in self._online and link.url not in todo:
                todo.append(link.url)
        if todo:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(max_workers=min(8, len(todo))) as pool:
                for url, result in zip(todo, pool.map(fetcher.fetch, todo)):
                    self._online[url] = result
        findings: list[Finding] = []
        done: set[str] = set()
        for link in links:
            result = self._online.get(link.url)
            if result is None or link.url in done:
                continue
            done.add(link.url)
            issue = online_issue(link.url, result)
            if issue is not None:
                findings.append(self._finding(issue, link, post, position))
            if result.final_url and result.chain:
                note = f"goes to {masked_url(result.final_url, SIGNED_EXTRA | link_data()['_secret'] | link_data()['_signature'])}"
                if result.title:
                    note += f" — page title '{result.title}'"
                for finding in offline:
                    if finding.rule == "url-shortener" and finding.start == link.start:
                        finding.notes.append(note)
        return findings


SIGNED_EXTRA = frozenset({"sig", "signature", "policy", "key-pair-id"})
OFFLINE_UNREACHABLE = {"local-file-link", "localhost-link", "private-ip-link", "internal-host", "tunnel-link",
                       "credentials-in-link", "signed-url", "secret-in-url", "invalid-domain"}


def tracking_params(names: list[str], registrable: str) -> list[tuple[str, str]]:
    """(name, severity) of each tracking parameter among ``names`` on a site."""
    data = link_data()
    found = []
    site = data["_track_site"].get(registrable, ())
    for name in names:
        low = name.lower()
        severity = data["_track_names"].get(low)
        if severity is None:
            for prefix, sev in data["_track_prefixes"]:
                if low.startswith(prefix) and len(low) > len(prefix):
                    severity = sev
                    break
        if severity is None and low in site:
            severity = data["_site_severity"]
        if severity is not None and name not in [n for n, _ in found]:
            found.append((name, severity))
    return found


def online_issue(url: str, result: Any) -> Issue | None:
    """The finding an online check adds, if any."""
    from urllib.parse import urlsplit

    secrets = SIGNED_EXTRA | link_data()["_secret"] | link_data()["_signature"]
    shown = masked_url(url, secrets)
    if result.error == "blocked":
        return Issue("link-resolves-private", "error", f"Link was not fetched: {result.detail}",
                     "Link a page on a public address.")
    if result.error == "dns":
        return Issue("broken-link", "error", f"Broken link: {urlsplit(url if '://' in url else 'https://' + url).hostname} "
                     "does not exist (the name does not resolve)", "Check the address for typos, or remove the link.")
    if result.error in ("timeout", "connect", "tls", "http"):
        return Issue("link-unreachable", "warning", f"Link could not be opened: {result.detail}",
                     "Open it in a browser before posting; the site may be down or blocking checks.")
    if result.error == "too-many-redirects":
        return Issue("broken-link", "error", f"Link redirects too often ({result.detail}): browsers give up",
                     "Link the final address directly.")
    status = result.status or 0
    hops = " -> ".join(f"{u.split('://', 1)[-1][:60]} ({s})" for u, s in result.chain)
    if status in (401, 403):
        return Issue("link-requires-login", "warning", f"Link answers {status}: readers need to log in or are refused",
                     "Link a public page, or check the sharing settings.")
    if status in (404, 410) or 400 <= status < 500 and status not in (405, 429):
        return Issue("broken-link", "error", f"Broken link: the page answers {status}" + (f" after {hops}" if hops else ""),
                     "Fix the address or remove the link before posting.")
    if status >= 500:
        return Issue("broken-link", "warning", f"Link answers {status} (server error): {shown}",
                     "Try it again later; do not post a link that is down.")
    if result.chain and result.final_url:
        start = parse_host(urlsplit(url if "://" in url else "https://" + url).hostname or "")
        final_host = urlsplit(result.final_url).hostname or ""
        final = parse_host(final_host)
        if (final.registrable or final.ascii) != (start.registrable or start.ascii):
            title = f", page title '{result.title}'" if result.title else ""
            return Issue("link-redirects-elsewhere", "info", f"Link redirects to {final.registrable or final.ascii} "
                         f"({len(result.chain)} hop{'s' if len(result.chain) != 1 else ''}: {hops}{title})",
                         "Link the final address, and check it is the page you mean.")
    return None
