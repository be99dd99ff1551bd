"""Finding URLs in a post and taking them apart, without the network and without heavy imports.

``find_links(text)`` returns every link with its character span: Markdown links ``[text](url)``
(with the visible text), autolinks and bare ``https://`` / ``www.`` URLs found by a precise
pattern. Bare domains (``example.com/offer``) come from spaCy's ``like_url`` on the parsed text
(see ``links.py``), confirmed against the public suffix list. ``strip_params`` removes query
parameters keeping every other byte of the URL as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# A URL that starts with a scheme or "www.": the body stops at whitespace, quotes and brackets
# that cannot be part of a URL as people paste it; trailing punctuation is trimmed afterwards.
URL = re.compile(r"(?i)(?<![\w@/.-])(?:(?:https?|ftp|file)://(?:[^\s<>\"'`{}|\\^\[\]/@]*@)?(?:\[[0-9a-f:.]+\])?|www\.)[^\s<>\"'`{}|\\^\[\]]*")
MD_LINK = re.compile(r"(?<!!)\[([^\]\n]{0,500})\]\(\s*<?([^)\s>]+(?:\([^)\s]*\)[^)\s>]*)*)>?(?:\s+\"[^\"\n]*\")?\s*\)")
MD_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]\(\s*<?[^)\s>]+>?(?:\s+\"[^\"\n]*\")?\s*\)")
TRAILING = ".,;:!?*_~'\"”’»"
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
# Hosts written as numbers (127.1, 2130706433, 0x7f000001): browsers read them as IPv4.
NUMERIC_HOST = re.compile(r"^(?:0x[0-9a-f]+|\d+)(?:\.(?:0x[0-9a-f]+|\d+)){0,3}$", re.I)


@dataclass
class Link:
    """One link as written in a post."""

    url: str                    # exactly as written (may lack a scheme: "www.x.com", "x.com/a")
    start: int | None = None    # span in the post's text; None for front matter / calendar links
    end: int | None = None
    label: str | None = None    # visible text of a Markdown link
    label_start: int | None = None
    where: str = "text"         # text | markdown | meta


def trim(url: str) -> str:
    """Drop punctuation that ends the sentence, not the URL; keep a ')' that closes a '(' in it."""
    while url:
        last = url[-1]
        if last in TRAILING:
            url = url[:-1]
        elif last == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        else:
            break
    return url


def find_links(text: str) -> list[Link]:
    """Markdown links and scheme/www URLs in ``text``, in order, without duplicates or images."""
    links: list[Link] = []
    taken: list[tuple[int, int]] = []
    if "](" in text:
        for m in MD_IMAGE.finditer(text):
            taken.append((m.start(), m.end()))
        for m in MD_LINK.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            target = m.group(2)
            if target.startswith(("#", "/", "./", "../", "mailto:", "tel:")):
                continue
            links.append(Link(target, m.start(2), m.start(2) + len(target), m.group(1), m.start(1), "markdown"))
            taken.append((m.start(2), m.end(2)))
    if "://" in text or "www." in text.lower():
        for m in URL.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            url = trim(m.group())
            if len(url) < 8 or url.lower() in ("http://", "https://", "www."):
                continue
            links.append(Link(url, m.start(), m.start() + len(url)))
    links.sort(key=lambda link: link.start or 0)
    return links


@dataclass
class Parts:
    """A URL taken apart; ``host`` is lower-case ASCII (IDNA-encoded), without brackets or port."""

    scheme: str
    userinfo: str
    host: str
    port: int | None
    path: str
    query: str
    fragment: str
    query_start: int  # offset of the query (after '?') in the URL as written, -1 when none
    explicit_scheme: bool


def split(url: str) -> Parts | None:
    """The parts of a URL as written; None when it has no host (``https://``, ``file:/x`` is fine)."""
    explicit = bool(SCHEME.match(url))
    full = url if explicit else "https://" + url
    try:
        parts = urlsplit(full)
        port = parts.port
    except ValueError:
        return None
    netloc = parts.netloc
    userinfo = netloc.rpartition("@")[0] if "@" in netloc else ""
    host = (parts.hostname or "").rstrip(".")
    if not host and parts.scheme != "file":
        return None
    offset = url.find("?")
    hash_at = url.find("#")
    if offset != -1 and hash_at != -1 and hash_at < offset:
        offset = -1
    return Parts(parts.scheme.lower(), userinfo, host.lower(), port, parts.path, parts.query, parts.fragment,
                 offset + 1 if offset != -1 else -1, explicit)


def query_names(query: str) -> list[str]:
    """Parameter names of a query string, decoded enough to compare (``utm%5Fsource`` -> ``utm_source``)."""
    from urllib.parse import unquote

    names = []
    for pair in query.split("&"):
        if pair:
            names.append(unquote(pair.split("=", 1)[0]).strip())
    return names


def query_pairs(query: str) -> list[tuple[str, str]]:
    from urllib.parse import unquote

    pairs = []
    for pair in query.split("&"):
        if pair:
            name, _, value = pair.partition("=")
            pairs.append((unquote(name).strip(), unquote(value)))
    return pairs


def strip_params(url: str, drop) -> str:
    """``url`` without the query parameters whose (decoded) name ``drop(name)`` says to remove.

    Every other byte stays as written: the kept pairs, their order and encoding, the fragment.
    A query left empty loses its '?'.
    """
    q = url.find("?")
    if q == -1:
        return url
    h = url.find("#", q)
    query = url[q + 1:] if h == -1 else url[q + 1:h]
    tail = "" if h == -1 else url[h:]
    if url.find("#") != -1 and url.find("#") < q:
        return url  # the '?' is inside the fragment
    from urllib.parse import unquote

    kept = [pair for pair in query.split("&") if pair and not drop(unquote(pair.split("=", 1)[0]).strip())]
    if len(kept) == len([p for p in query.split("&") if p]):
        return url
    rebuilt = url[:q] + ("?" + "&".join(kept) if kept else "") + tail
    return rebuilt


def numeric_ipv4(host: str) -> str | None:
    """Dotted IPv4 of a host written as numbers the way browsers accept (127.1, 0x7f000001)."""
    if not NUMERIC_HOST.match(host):
        return None
    import socket

    try:
        return socket.inet_ntoa(socket.inet_aton(host))
    except OSError:
        return None
