"""Markdown: a verification appendix, readable as it is and rendered by any CommonMark tool.

Every stored string is made literal (:func:`md`): Markdown's special
characters are escaped and line breaks joined, so a claim's text cannot
start a heading, a list or a link.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any
from urllib.parse import quote, urlsplit, urlunsplit

from claimdb.formats.dates import day
from claimdb.schemas.common import ascii_host
from claimdb.schemas.exports import ExportReport

_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>#|"})


def md(text: Any) -> str:
    """Text made literal in Markdown: special characters escaped, lines joined."""
    return " ".join(str(text).split()).translate(_MD_SPECIAL)


# RFC 3986's reserved and unreserved characters, and % for what is already encoded.
_URL_KEEP = "!#$%&'()*+,/:;=?@[]~-._"


def link(url: str) -> str:
    """A URL as a Markdown autolink that cannot be anything else.

    Only an http(s) URL becomes a link, with its host in punycode and every
    character a URL may not hold (``<``, ``>``, quotes, spaces, controls,
    non-ASCII) percent-encoded, so no stored URL ends the link or starts
    HTML. Anything else is shown as escaped text.
    """
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return md(url)
    if parts.scheme.lower() not in ("http", "https") or not host:
        return md(url)
    shown = ascii_host(host)
    if shown is None:
        return md(url)
    netloc = parts.netloc.lower().replace(host, shown) if not host.isascii() else parts.netloc
    safe = urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))
    return f"<{quote(safe, safe=_URL_KEEP)}>"


def write_appendix(
    rows: Iterable[dict[str, Any]], out: IO[str], report: ExportReport, *, titled: bool
) -> None:
    """A verification appendix: each claim with its verdict and sources, then the sources.

    ``titled``: the heading names the claims' document (an export of one document).
    """
    numbers: dict[int, int] = {}
    listed: list[dict[str, Any]] = []
    title_written = False
    for row in rows:
        if not title_written:
            heading = f": {md(row['document_title'])}" if titled and row["document_title"] else ""
            out.write(f"# Verification appendix{heading}\n")
            title_written = True
        report.claims += 1
        out.write(f"\n## {report.claims}. {md(row['text'])}\n\n")
        if row["speaker"]:
            out.write(f"- Claimed by: {md(row['speaker'])}\n")
        if row["verdict"] is not None:
            out.write(
                f"- Verdict: **{md(row['verdict_title'])}** ({md(row['verdict_scale'])} scale), "
                f"{md(row['reviewer'])}, {day(row['verdict_at'])}\n"
            )
            rationale = row["verdict_rationale"] or "(no rationale recorded)"
            out.write(f"- Rationale: {md(rationale)}\n")
            if row["verdict_forced"]:
                out.write(f"- Evidence rule overridden: {md(row['force_reason'])}\n")
        elif row.get("same_as") is not None:
            oid, _, label, title = row["same_as"]
            shown = f"**{md(title)}**" if label else "none yet"
            out.write(f"- Verdict: {shown}, as the same claim as claim {oid} (a repeat of it)\n")
        else:
            out.write(f"- Verdict: none yet (status: {row['status']})\n")
        refs = []
        for c in row["citations"]:
            sid = c["source_id"]
            if sid not in numbers:
                numbers[sid] = len(numbers) + 1
                listed.append(c)
            what = c["stance"] or "reported by the document"
            quote = f': "{md(c["quote"])}"' if c["quote"] else ""
            refs.append(f"[{numbers[sid]}] {what}{quote}")
        if refs:
            out.write("- Sources: " + "; ".join(refs) + "\n")
        else:
            out.write("- Sources: none\n")
    if not title_written:
        out.write("# Verification appendix\n\nNo claims match.\n")
        return
    if listed:
        out.write("\n## Sources\n\n")
        for n, c in enumerate(listed, 1):
            parts = [md(c["source_title"])]
            if c["source_publisher"]:
                parts.append(md(c["source_publisher"]))
            if c["source_issued"]:
                parts.append(str(c["source_issued"]))
            line = ". ".join(parts) + "."
            if c["source_url"]:
                line += f" {link(c['source_url'])}"
            if c["source_archive_url"]:
                line += f" (archived: {link(c['source_archive_url'])})"
            elif c["source_link_status"] == "dead":
                line += " (link dead, no archived copy)"
            out.write(f"{n}. {line}\n")
        report.sources = len(listed)
