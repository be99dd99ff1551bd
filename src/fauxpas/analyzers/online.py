"""``--online``: fetch a link safely to learn its status, redirect chain, final domain and title.

A draft's links are untrusted input, so the client guards against server-side request forgery:

* only ``http`` and ``https``; no proxies (``http.client`` never reads ``HTTP(S)_PROXY``);
* the host name is resolved first (with a time limit) and **every** address must be global:
  loopback, private, link-local, CGNAT (100.64/10), benchmarking, multicast, reserved,
  unspecified, NAT64/6to4/Teredo and IPv4-mapped IPv6 forms of those are refused;
* the connection goes to the address that was checked (no second lookup, so DNS rebinding
  cannot swap it), with the name kept for the ``Host`` header and TLS (SNI and certificate);
* at most ``max_redirects`` redirects, each checked again as above; connect/read time limits and
  an overall deadline; at most ``max_bytes`` of body are read (enough for the ``<title>``).

``allow_loopback`` exists for tests that serve pages from a local ``http.server``; it is a
constructor argument only, never a configuration key.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urljoin, urlsplit

REDIRECTS = {301, 302, 303, 307, 308}
TITLE = re.compile(rb"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
CHARSET = re.compile(r"charset=[\"']?([\w-]+)", re.I)
META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.I)
# Ranges ipaddress does not already call non-global, or that deserve to be named (RFC 6890 and after).
EXTRA_BLOCKED = [ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "192.0.2.0/24", "198.18.0.0/15", "198.51.100.0/24",
    "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
    "64:ff9b::/96", "64:ff9b:1::/48", "2001::/32", "2001:db8::/32", "2002::/16", "fc00::/7", "fe80::/10", "ff00::/8",
)]


class Blocked(Exception):
    """The link points at (or redirects to) an address that must not be fetched."""


@dataclass
class FetchResult:
    url: str
    status: int | None = None
    chain: list[tuple[str, int]] = field(default_factory=list)   # (url, status) of each redirect
    final_url: str | None = None
    title: str | None = None
    error: str | None = None          # dns | timeout | connect | tls | too-many-redirects | blocked | bad-url | http
    detail: str = ""

    @property
    def final_host(self) -> str | None:
        return urlsplit(self.final_url).hostname if self.final_url else None


def address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, allow_loopback: bool = False) -> str | None:
    """Why an address must not be contacted, or None when it is a public unicast address."""
    if isinstance(ip, ipaddress.IPv6Address):
        for embedded in (ip.ipv4_mapped, ip.sixtofour, (ip.teredo or (None, None))[1]):
            if embedded is not None:
                problem = address_problem(embedded, allow_loopback)
                return problem or "an IPv4 address wrapped in IPv6"
    if ip.is_loopback:
        return None if allow_loopback else "this computer (loopback)"
    if ip.is_private:
        return "a private network address"
    if ip.is_link_local:
        return "a link-local address (cloud metadata lives there)"
    if ip.is_multicast or ip.is_unspecified or ip.is_reserved:
        return "a reserved address"
    if any(ip in net for net in EXTRA_BLOCKED if net.version == ip.version):
        return "a reserved or carrier-grade NAT address"
    if not ip.is_global:
        return "a non-public address"
    return None


def system_resolver(host: str, port: int) -> list[str]:
    return sorted({info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, ip: str, port: int, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._ip = ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, ip: str, port: int, timeout: float, context: ssl.SSLContext):
        super().__init__(host, port, timeout=timeout, context=context)
        self._ip = ip

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class SafeFetcher:
    """Fetches a URL with the guards above. Thread-safe; one instance per run."""

    def __init__(self, *, allow_loopback: bool = False, timeout: float = 5.0, deadline: float = 15.0,
                 max_redirects: int = 5, max_bytes: int = 256 * 1024,
                 resolver: Callable[[str, int], list[str]] | None = None,
                 user_agent: str = "fauxpas-linkcheck/0.1 (+pre-publication link check)",
                 ssl_context: ssl.SSLContext | None = None):
        self.allow_loopback = allow_loopback
        self.timeout = timeout
        self.deadline = deadline
        self.max_redirects = max_redirects
        self.max_bytes = max_bytes
        self.resolver = resolver or system_resolver
        self.user_agent = user_agent
        self.context = ssl_context or ssl.create_default_context()
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="fauxpas-dns")

    # -- steps --------------------------------------------------------------------------------
    def resolve(self, host: str, port: int) -> str:
        """The checked address to connect to; raises Blocked or OSError (name not found)."""
        try:
            literal = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            literal = None
        if literal is not None:
            addresses = [str(literal)]
        else:
            future = self._pool.submit(self.resolver, host, port)
            try:
                addresses = future.result(timeout=self.timeout)
            except FutureTimeout:
                raise TimeoutError(f"looking up {host} took over {self.timeout:g} s") from None
        if not addresses:
            raise OSError(f"{host} has no address")
        for address in addresses:
            problem = address_problem(ipaddress.ip_address(address.split("%")[0]), self.allow_loopback)
            if problem:
                raise Blocked(f"{host} resolves to {address}, {problem}")
        return addresses[0]

    def _one(self, url: str, started: float) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise Blocked(f"only http and https links are fetched, not {scheme or 'no scheme'}")
        if parts.username or parts.password:
            raise Blocked("the link carries a user name or password; not sent anywhere")
        host = parts.hostname
        if not host:
            raise ValueError("no host")
        port = parts.port or (443 if scheme == "https" else 80)
        ip = self.resolve(host, port)
        remaining = max(0.5, self.deadline - (time.monotonic() - started))
        timeout = min(self.timeout, remaining)
        if scheme == "https":
            conn: http.client.HTTPConnection = _PinnedHTTPS(host, ip, port, timeout, self.context)
        else:
            conn = _PinnedHTTP(host, ip, port, timeout)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        try:
            conn.request("GET", target, headers={
                "User-Agent": self.user_agent, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
                "Accept-Encoding": "identity", "Connection": "close"})
            response = conn.getresponse()
            headers = {k.lower(): v for k, v in response.getheaders()}
            body = b""
            if response.status not in REDIRECTS:
                length = headers.get("content-length", "")
                declared = int(length) if length.isdigit() else None
                limit = self.max_bytes if declared is None else min(self.max_bytes, declared)
                while len(body) < limit:
                    if time.monotonic() - started > self.deadline:
                        break
                    chunk = response.read(min(16384, limit - len(body)))
                    if not chunk:
                        break
                    body += chunk
                    if TITLE.search(body):
                        break
            return response.status, headers, body
        finally:
            conn.close()

    def fetch(self, url: str) -> FetchResult:
        """Status, redirects, final URL and title of ``url``; problems are in ``error``, never raised."""
        result = FetchResult(url)
        current = url if re.match(r"^[a-z][a-z0-9+.-]*://", url, re.I) else "https://" + url
        seen = {current}
        started = time.monotonic()
        try:
            for _ in range(self.max_redirects + 1):
                status, headers, body = self._one(current, started)
                location = headers.get("location")
                if status in REDIRECTS and location:
                    result.chain.append((current, status))
                    current = urljoin(current, location.strip())
                    if current in seen:
                        result.error, result.detail = "too-many-redirects", "the redirects go round in a loop"
                        result.status = status
                        return result
                    seen.add(current)
                    continue
                result.status = status
                result.final_url = current
                result.title = _title(body, headers.get("content-type", ""))
                return result
            result.error = "too-many-redirects"
            result.detail = f"more than {self.max_redirects} redirects"
        except Blocked as error:
            result.error, result.detail = "blocked", str(error)
        except (TimeoutError, socket.timeout) as error:
            result.error, result.detail = "timeout", str(error) or "no answer in time"
        except socket.gaierror as error:
            result.error, result.detail = "dns", f"the name does not resolve ({error.strerror or error})"
        except ssl.SSLError as error:
            result.error, result.detail = "tls", f"TLS failed: {error.reason or error}"
        except (ConnectionError, OSError) as error:
            result.error, result.detail = "connect", f"cannot connect: {getattr(error, 'strerror', None) or error}"
        except (http.client.HTTPException, ValueError) as error:
            result.error, result.detail = "http", f"bad HTTP answer: {type(error).__name__}"
        result.final_url = current if result.chain else None
        return result

    def close(self) -> None:
        self._pool.shutdown(wait=False)


def _title(body: bytes, content_type: str) -> str | None:
    match = TITLE.search(body)
    if not match:
        return None
    charset = None
    m = CHARSET.search(content_type)
    if m:
        charset = m.group(1)
    else:
        m2 = META_CHARSET.search(body)
        charset = m2.group(1).decode("ascii", "ignore") if m2 else "utf-8"
    try:
        text = match.group(1).decode(charset or "utf-8", errors="replace")
    except LookupError:
        text = match.group(1).decode("utf-8", errors="replace")
    import html

    text = " ".join(html.unescape(text).split())
    return text[:200] or None
