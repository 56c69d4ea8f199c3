"""HTML: the annotated report, one self-contained page per document version.

The version's text with every claim's anchor highlighted by verdict (or, without
one, by status), shown by colour and by a text label with an icon; a panel per
claim (verdict, rationale, evidence, flags, who decided and when); a summary; a
table of contents; filters. Readable without JavaScript: each claim's panel is a
``<details>`` element in the page, and a label links to it.

Safety: every stored string passes through :func:`esc` (``html.escape`` with
``quote=True``) in text and in attributes; links are written only for http and
https URLs (:func:`safe_url`); the JSON the script reads is escaped so that no
``<``, ``>`` or ``&`` appears in it (:func:`script_json`); a Content-Security-Policy
allows nothing but the page's own inline style and script, named by their sha256.

Deterministic: the page holds nothing about the run (no time, no user), and
everything is in text order or sorted, so the same data gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Iterable, Iterator
from typing import IO
from urllib.parse import urlsplit

from claimdb.enums import ClaimStatus, VerdictClass
from claimdb.schemas.reports import (
    ReportCitation,
    ReportClaim,
    ReportInput,
    ReportOutcome,
    ReportSection,
)

# Icons are text, and always stand beside a word: colour is never the only signal.
_VERDICT_ICONS = {
    VerdictClass.TRUE: "\u2713",  # check mark
    VerdictClass.MIXED: "\u25d0",  # half circle
    VerdictClass.MISLEADING: "\u26a0",  # warning sign
    VerdictClass.FALSE: "\u2717",  # ballot x
    VerdictClass.UNVERIFIABLE: "?",
}
_STATUS_ICONS = {
    ClaimStatus.UNREVIEWED: "\u25cb",  # empty circle
    ClaimStatus.IN_PROGRESS: "\u25d4",
    ClaimStatus.NEEDS_REVIEW: "\u25d1",
    ClaimStatus.VERIFIED: "\u25cf",
    ClaimStatus.DISPUTED: "\u2691",  # flag
    ClaimStatus.UNSUPPORTED: "\u2205",  # empty set
}
_STANCE_ICONS = {"supports": "\u25b2", "refutes": "\u25bc", "context": "\u25c6"}
_CLASS_ORDER = {c.value: n for n, c in enumerate(VerdictClass)}
_DOT = " \u00b7 "

CHUNK = 16_000
"""Characters of text per block, at most about: blocks off screen are not laid out."""


def esc(value: object) -> str:
    """Text made safe in HTML text and in quoted attributes."""
    return html.escape(str(value), quote=True)


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http or https URL without spaces or control characters, else None."""
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in ("http", "https") or any(ord(ch) <= 32 or ord(ch) == 127 for ch in url):
        return None
    return url


def link(url: str | None, text: str) -> str:
    """``text`` linking to ``url``, or only the text when the URL is not http(s)."""
    href = safe_url(url)
    if href is None:
        return esc(text)
    return f'<a href="{esc(href)}" rel="noopener noreferrer">{esc(text)}</a>'


def script_json(value: object) -> str:
    """JSON to embed in a ``<script>``: ``<``, ``>`` and ``&`` escaped, so data cannot close it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def csp_hash(source: str) -> str:
    """The CSP source expression allowing exactly this inline script or style."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def words(value: str) -> str:
    """An enum value as words: ``needs_review`` -> ``needs review``."""
    return value.replace("_", " ").replace("-", " ")


def key(claim: ReportClaim) -> str:
    """The CSS key of a claim's highlight: its verdict's class, else its status."""
    if claim.verdict is not None and claim.verdict.verdict_class:
        return f"v-{claim.verdict.verdict_class}"
    return f"s-{claim.status}"


def label(claim: ReportClaim) -> str:
    """The label beside a claim's highlight: an icon and the verdict's title, else the status."""
    if claim.verdict is not None:
        icon = _VERDICT_ICONS.get(VerdictClass(claim.verdict.verdict_class or "unverifiable"), "")
        return f"{icon} {claim.verdict.title}"
    icon = _STATUS_ICONS.get(ClaimStatus(claim.status), "")
    return f"{icon} {words(claim.status)}"


def verdict_key(claim: ReportClaim) -> str:
    """The verdict filter's value for a claim: ``scale:label``, or empty for none."""
    v = claim.verdict
    return f"{v.scale}:{v.label}" if v is not None else ""


def write_report(data: ReportInput, out: IO[str]) -> ReportOutcome:
    """Write the annotated report of ``data`` to ``out``; what it holds."""
    style = _STYLE
    script = _SCRIPT
    csp = (
        "default-src 'none'; "
        f"style-src {csp_hash(style)}; script-src {csp_hash(script)}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    title = f"Fact-check: {data.title}"
    outcome = ReportOutcome(
        claims=len(data.claims),
        sections=len(data.sections),
        version=data.version,
        document=data.slug,
    )
    w = out.write
    w("<!DOCTYPE html>\n")
    w(f'<html lang="{esc(data.language)}">\n<head>\n<meta charset="utf-8">\n')
    w(f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">\n')
    w('<meta name="referrer" content="no-referrer">\n')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    w(f"<title>{esc(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n")
    w(_header(data))
    w(_summary(data, outcome))
    w(_toc(data.sections))
    w(_filters(data.claims))
    w('<main>\n<h2 id="text-title">The text</h2>\n')
    w(f'<div id="text" lang="{esc(data.language)}">')
    outcome.highlighted = _write_text(data, out)
    w("</div>\n")
    w(_claims(data.claims))
    w("</main>\n")
    w(
        '<aside id="panel" hidden tabindex="-1" aria-label="Claim">\n'
        '<button type="button" id="panel-close" aria-label="Close the claim panel">'
        "\u00d7 Close</button>\n"
        '<div id="panel-body"></div>\n</aside>\n'
    )
    facets = {
        str(c.id): [c.status, verdict_key(c), c.claim_type] for c in data.claims
    }  # the filters' data
    w(f'<script type="application/json" id="claimdb-data">{script_json(facets)}</script>\n')
    w(f"<script>{script}</script>\n</body>\n</html>\n")
    for c in data.claims:
        outcome.statuses[c.status] = outcome.statuses.get(c.status, 0) + 1
    return outcome


def _header(data: ReportInput) -> str:
    meta = []
    if data.author:
        meta.append(f"by {esc(data.author)}")
    if data.publisher:
        meta.append(esc(data.publisher))
    if data.published:
        meta.append(esc(data.published))
    if safe_url(data.url):
        meta.append(link(data.url, data.url or ""))
    meta.append(f"version {data.version}")
    meta.append(f"document <code>{esc(data.slug)}</code>")
    return (
        "<header>\n"
        f'<p class="kicker">Fact-check report</p>\n<h1>{esc(data.title)}</h1>\n'
        f'<p class="meta">{_DOT.join(meta)}</p>\n'
        "</header>\n"
    )


def _summary(data: ReportInput, outcome: ReportOutcome) -> str:
    claims = data.claims
    parts = ['<section id="summary" aria-labelledby="summary-title">\n']
    parts.append('<h2 id="summary-title">Summary</h2>\n<div class="counts">\n')
    statuses: dict[str, int] = {}
    for c in claims:
        statuses[c.status] = statuses.get(c.status, 0) + 1
    parts.append('<table class="tally"><caption>Claims by status</caption><tbody>\n')
    for status in ClaimStatus:
        n = statuses.get(status.value, 0)
        parts.append(
            f'<tr><th scope="row"><span class="badge s-{esc(status.value)}">'
            f"{_STATUS_ICONS[status]} {esc(words(status.value))}</span></th>"
            f"<td>{n}</td></tr>\n"
        )
    parts.append(f'<tr class="total"><th scope="row">all claims</th><td>{len(claims)}</td></tr>\n')
    parts.append("</tbody></table>\n")
    verdicts: dict[tuple[int, str, str, str, str], int] = {}
    unrated = 0
    for c in claims:
        v = c.verdict
        if v is None:
            unrated += 1
            continue
        cls = v.verdict_class or ""
        k = (_CLASS_ORDER.get(cls, len(_CLASS_ORDER)), v.scale, v.label, v.title, cls)
        verdicts[k] = verdicts.get(k, 0) + 1
    parts.append('<table class="tally"><caption>Claims by verdict</caption><tbody>\n')
    for (_, scale, _label, vtitle, cls), n in sorted(verdicts.items()):
        icon = _VERDICT_ICONS.get(VerdictClass(cls or "unverifiable"), "")
        parts.append(
            f'<tr><th scope="row"><span class="badge v-{esc(cls)}">{icon} {esc(vtitle)}</span>'
            f' <span class="scale">({esc(scale)} scale)</span></th><td>{n}</td></tr>\n'
        )
    parts.append(f'<tr><th scope="row">no verdict yet</th><td>{unrated}</td></tr>\n')
    parts.append("</tbody></table>\n</div>\n")
    checkable = [c for c in claims if c.checkable]
    supported = sum(1 for c in checkable if c.supported)
    share = f"{round(100 * supported / len(checkable))}%" if checkable else "n/a"
    parts.append(
        f'<p class="share"><strong>{share}</strong> of checkable claims are supported: '
        f"{supported} of {len(checkable)} have evidence that supports them.</p>\n"
    )
    unsupported = [c for c in checkable if not c.supported]
    if unsupported:
        parts.append(
            '<details class="unsupported-list"><summary>'
            f"<h3>Unsupported statements ({len(unsupported)})</h3></summary>\n"
            '<ol class="unsupported">\n'
        )
        for c in unsupported:
            target = f"a-{c.id}" if c.start is not None else f"c-{c.id}"
            parts.append(
                f'<li data-c="{c.id}"><a href="#{target}">{esc(c.text)}</a> '
                f'<span class="badge {esc(key(c))}">{esc(label(c))}</span></li>\n'
            )
        parts.append("</ol>\n</details>\n")
    parts.append("</section>\n")
    return "".join(parts)


def _toc(sections: Iterable[ReportSection]) -> str:
    items = list(sections)
    if not items:
        return ""
    parts = ['<nav id="toc" aria-labelledby="toc-title">\n<h2 id="toc-title">Contents</h2>\n<ol>']
    depth = 1
    opened = False
    for s in items:
        level = max(1, s.level)
        while depth < level:
            parts.append("\n<ol>" if opened else "<li><ol>")
            opened = False
            depth += 1
        while depth > level:
            parts.append("</li>\n</ol>")
            depth -= 1
        if opened:
            parts.append("</li>")
        parts.append(f'\n<li><a href="#s-{s.ordinal}">{esc(s.title)}</a>')
        opened = True
    while depth > 1:
        parts.append("</li>\n</ol>")
        depth -= 1
    parts.append("</li>\n</ol>\n</nav>\n" if opened else "</ol>\n</nav>\n")
    return "".join(parts)


def _filters(claims: Iterable[ReportClaim]) -> str:
    items = list(claims)
    rank = {s.value: n for n, s in enumerate(ClaimStatus)}
    statuses = sorted({c.status for c in items}, key=lambda s: (rank.get(s, len(rank)), s))
    verdicts: dict[str, tuple[int, str, str]] = {}
    for c in items:
        if c.verdict is not None:
            order = _CLASS_ORDER.get(c.verdict.verdict_class or "", len(_CLASS_ORDER))
            verdicts[verdict_key(c)] = (order, c.verdict.title, c.verdict.scale)
    types = sorted({c.claim_type for c in items})

    def box(group: str, value: str, text: str) -> str:
        return (
            f'<label><input type="checkbox" name="{group}" value="{esc(value)}"> {text}</label>\n'
        )

    parts = [
        '<form id="filters" aria-labelledby="filters-title">\n'
        '<h2 id="filters-title">Filters</h2>\n'
        "<fieldset><legend>Status</legend>\n"
    ]
    parts.extend(box("s", s, esc(words(s))) for s in statuses)
    parts.append("</fieldset>\n<fieldset><legend>Verdict</legend>\n")
    for value, (_, vtitle, scale) in sorted(verdicts.items(), key=lambda kv: (kv[1], kv[0])):
        parts.append(box("v", value, f'{esc(vtitle)} <span class="scale">({esc(scale)})</span>'))
    if any(c.verdict is None for c in items):
        parts.append(box("v", "", "no verdict yet"))
    parts.append("</fieldset>\n<fieldset><legend>Type</legend>\n")
    parts.extend(box("t", t, esc(t)) for t in types)
    parts.append(
        "</fieldset>\n"
        f'<p id="shown" aria-live="polite">{len(items)} of {len(items)} claims shown</p>\n'
        '<button type="reset">Show all</button>\n</form>\n'
    )
    return "".join(parts)


def _boundaries(data: ReportInput) -> list[int]:
    """Every offset where a highlight, a section or a block starts or ends, in order."""
    n = len(data.text)
    cuts = {0, n}
    for c in data.claims:
        if c.start is not None and c.end is not None:
            cuts.add(min(max(c.start, 0), n))
            cuts.add(min(max(c.end, 0), n))
    for s in data.sections:
        cuts.add(min(max(s.start, 0), n))
    cuts.update(_blocks(data.text))
    return sorted(cuts)


def _write_text(data: ReportInput, out: IO[str]) -> int:
    """The text with its highlights, in blocks; how many claims are highlighted."""
    text = data.text
    n = len(text)
    anchored = [
        c for c in data.claims if c.start is not None and c.end is not None and 0 <= c.start <= n
    ]
    order = {c.id: i for i, c in enumerate(anchored)}
    starts: dict[int, list[ReportClaim]] = {}
    ends: dict[int, list[ReportClaim]] = {}
    for c in anchored:
        assert c.start is not None
        assert c.end is not None
        starts.setdefault(c.start, []).append(c)
        ends.setdefault(min(c.end, n), []).append(c)
    sections: dict[int, list[ReportSection]] = {}
    for s in data.sections:
        sections.setdefault(min(max(s.start, 0), n), []).append(s)
    block_starts = set(_blocks(text))
    active: dict[int, ReportClaim] = {}
    cuts = _boundaries(data)
    w = out.write
    w('<div class="block">')
    for i, at in enumerate(cuts):
        # What ends here: labels after the words, in text order.
        for c in sorted(ends.get(at, ()), key=lambda c: order[c.id]):
            active.pop(c.id, None)
            w(_label_link(c))
        if at == n:
            break
        if at in block_starts and at != 0:
            w('</div><div class="block">')
        for s in sections.get(at, ()):
            w(f'<span id="s-{s.ordinal}" class="sec"></span>')
        for c in starts.get(at, ()):
            w(f'<span id="a-{c.id}" class="a"></span>')
            if c.end is not None and c.end > at:
                active[c.id] = c
        piece = esc(text[at : cuts[i + 1]])
        if not active:
            w(piece)
            continue
        covering = sorted(active.values(), key=lambda c: order[c.id])
        inner = covering[-1]  # the one that started last: the most specific words
        depth = min(len(covering), 3)
        ids = " ".join(str(c.id) for c in covering)
        w(f'<mark class="hl {esc(key(inner))} n{depth}" data-c="{ids}" tabindex="0">{piece}</mark>')
    w("</div>")
    return len(anchored)


def _blocks(text: str) -> Iterator[int]:
    """Where blocks of about CHUNK characters start: after a line break."""
    at = CHUNK
    while at < len(text):
        nl = text.find("\n", at)
        if nl < 0:
            return
        yield nl + 1
        at = nl + 1 + CHUNK


def _label_link(c: ReportClaim) -> str:
    return (
        f'<a class="lbl {esc(key(c))}" href="#b-{c.id}" data-c="{c.id}" '
        f'title="Claim {c.id}: {esc(label(c))}">{esc(label(c))}'
        f'<span class="cn"> #{c.id}</span></a>'
    )


def _claims(claims: Iterable[ReportClaim]) -> str:
    parts = ['<section id="claims" aria-labelledby="claims-title">\n']
    parts.append('<h2 id="claims-title">The claims</h2>\n')
    for c in claims:
        parts.append(_panel(c))
    parts.append("</section>\n")
    return "".join(parts)


def _panel(c: ReportClaim) -> str:
    k = esc(key(c))
    parts = [
        f'<details class="claim {k}" id="c-{c.id}" data-c="{c.id}">\n'
        f'<summary><span class="badge {k}">{esc(label(c))}</span> '
        f'<span class="cid">Claim {c.id}</span> <span class="ctext">{esc(c.text)}</span>'
        f'</summary>\n<div class="body" id="b-{c.id}">\n'
    ]
    parts.append(f'<p class="claim-text">{esc(c.text)}</p>\n<dl class="facts">\n')
    parts.append(f"<dt>Type</dt><dd>{esc(c.claim_type)}")
    parts.append("" if c.checkable else " (not checkable)")
    parts.append(f"</dd>\n<dt>Status</dt><dd>{esc(words(c.status))}</dd>\n")
    if c.speaker:
        parts.append(f"<dt>Claimed by</dt><dd>{esc(c.speaker)}</dd>\n")
    parts.append("</dl>\n")
    v = c.verdict
    parts.append('<section class="verdict">\n<h4>Verdict</h4>\n')
    if v is None:
        parts.append("<p>No verdict yet.</p>\n")
    else:
        parts.append(
            f'<p><strong class="verdict-label">{esc(v.title)}</strong> '
            f'<span class="scale">({esc(v.label)} on the {esc(v.scale)} scale)</span></p>\n'
        )
        parts.append(f'<p class="rationale">{esc(v.rationale or "(no rationale recorded)")}</p>\n')
        if v.forced:
            parts.append(
                f'<p class="forced">Evidence rule overridden: {esc(v.force_reason or "")}</p>\n'
            )
        who = esc(v.reviewer or "unknown")
        when = f" on {esc(v.decided_on)}" if v.decided_on else ""
        parts.append(f'<p class="who">Decided by {who}{when}.</p>\n')
        if safe_url(v.review_url):
            parts.append(f"<p>{link(v.review_url, 'Published fact-check')}</p>\n")
    parts.append("</section>\n")
    evidence = [x for x in c.citations if x.kind == "evidence"]
    reported = [x for x in c.citations if x.kind != "evidence"]
    parts.append(f'<section class="evidence">\n<h4>Evidence ({len(evidence)})</h4>\n')
    if evidence:
        parts.append("<ol>\n")
        parts.extend(_citation(x) for x in evidence)
        parts.append("</ol>\n")
    else:
        parts.append("<p>No evidence cited.</p>\n")
    parts.append("</section>\n")
    if reported:
        parts.append('<section class="attributions">\n<h4>Attributed by the document</h4>\n<ol>\n')
        parts.extend(_citation(x) for x in reported)
        parts.append("</ol>\n</section>\n")
    if c.flags:
        parts.append(f'<p class="flags">Open flags ({len(c.flags)}):</p>\n<ul class="flags">\n')
        for f in c.flags:
            note = f": {esc(f.note)}" if f.note else ""
            parts.append(f"<li>{esc(words(f.reason))}{note}</li>\n")
        parts.append("</ul>\n")
    else:
        parts.append('<p class="flags">Open flags: none.</p>\n')
    parts.append(f'<p class="notes">Notes: {c.notes}.</p>\n')
    if c.start is not None:
        parts.append(f'<p class="goto"><a href="#a-{c.id}">Show in the text</a></p>\n')
    else:
        parts.append('<p class="goto">Not anchored in the text.</p>\n')
    parts.append("</div>\n</details>\n")
    return "".join(parts)


def _citation(x: ReportCitation) -> str:
    parts = ["<li>"]
    if x.stance:
        icon = _STANCE_ICONS.get(x.stance, "\u25cb")
        parts.append(
            f'<span class="stance st-{esc(x.stance)}">{icon} {esc(words(x.stance))}</span> '
        )
    if x.quote:
        parts.append(f"<blockquote>{esc(x.quote)}</blockquote>")
    parts.append(f"<cite>{link(x.source_url, x.source_title)}</cite>")
    extra = [esc(p) for p in (x.source_publisher, x.source_issued, x.locator) if p]
    if extra:
        parts.append(", " + ", ".join(extra))
    if safe_url(x.source_archive_url):
        parts.append(f" ({link(x.source_archive_url, 'archived copy')})")
    elif x.source_link_status == "dead":
        parts.append(" (link dead, no archived copy)")
    parts.append("</li>\n")
    return "".join(parts)


_STYLE = """
:root{--ink:#1b1b1b;--muted:#555;--paper:#fff;--line:#ccc;
--true:#cdeccf;--true-ink:#1e5b24;--mixed:#fbe7b0;--mixed-ink:#6b4e00;
--misleading:#fcd4b4;--misleading-ink:#7a3500;--false:#f7c6c6;--false-ink:#8a1010;
--unverifiable:#e2e2e2;--unverifiable-ink:#333;--open:#e6eefb;--open-ink:#1d3f73;
--review:#eadcf7;--review-ink:#4b2474}
*{box-sizing:border-box}
body{margin:0 auto;max-width:72rem;padding:1rem 1.5rem 4rem;color:var(--ink);
background:var(--paper);
font:16px/1.55 Georgia,"Times New Roman",serif}
h1,h2,h3,h4,summary,.badge,.lbl,#filters,table,nav{font-family:system-ui,-apple-system,
"Segoe UI",sans-serif}
h1{font-size:1.7rem;margin:.2rem 0}h2{font-size:1.3rem;margin-top:2rem;
border-bottom:1px solid var(--line)}
h4{margin:.8rem 0 .3rem}
.kicker{text-transform:uppercase;letter-spacing:.08em;font-size:.8rem;color:var(--muted);margin:0}
.meta{color:var(--muted);margin-top:0}
.counts{display:flex;flex-wrap:wrap;gap:2rem;align-items:flex-start}
.unsupported-list summary{cursor:pointer}.unsupported-list h3{display:inline;font-size:1.05rem}
.tally{border-collapse:collapse;min-width:16rem}.tally caption{text-align:left;font-weight:600}
.tally th,.tally td{padding:.2rem .5rem;border-bottom:1px solid #eee;text-align:left}
.tally td{text-align:right;font-variant-numeric:tabular-nums}.tally .total th{font-weight:600}
.scale{color:var(--muted);font-size:.85em}
.share{font-size:1.1rem}
#toc ol{padding-left:1.2rem}
#filters{position:sticky;top:0;z-index:2;background:#f7f7f7;border:1px solid var(--line);
padding:.3rem .8rem .5rem;margin:1rem 0;display:flex;flex-wrap:wrap;gap:.5rem 1rem;
align-items:baseline}
#filters h2{font-size:1rem;margin:0;border:0;width:100%}
#filters fieldset{border:0;padding:0;margin:0}#filters legend{font-weight:600;float:left;
margin-right:.4rem}
#filters label{margin-right:.5rem;white-space:nowrap}
html:not(.js) #filters{display:none}
#text{white-space:pre-wrap;overflow-wrap:break-word}
.block{content-visibility:auto;contain-intrinsic-size:auto 40rem}
.sec,.a{scroll-margin-top:6rem}
mark.hl{color:inherit;background:var(--hl);cursor:pointer;border-radius:2px;
box-shadow:inset 0 -2px 0 var(--hl-ink)}
mark.n2{box-shadow:inset 0 -2px 0 var(--hl-ink),inset 0 -5px 0 var(--paper),
inset 0 -7px 0 var(--hl-ink)}
mark.n3{box-shadow:inset 0 -2px 0 var(--hl-ink),inset 0 -5px 0 var(--paper),
inset 0 -7px 0 var(--hl-ink),
inset 0 -10px 0 var(--paper),inset 0 -12px 0 var(--hl-ink);padding-bottom:2px}
mark.hl:focus{outline:2px solid #000}
mark.cur{outline:2px solid var(--hl-ink)}
mark.off{background:none;box-shadow:none;cursor:auto}
.lbl{font-size:.72em;vertical-align:super;line-height:1;text-decoration:none;white-space:nowrap;
color:var(--hl-ink);background:var(--hl);border:1px solid var(--hl-ink);border-radius:3px;
padding:0 .25em;margin-left:.1em}
.lbl .cn{opacity:.75}
.badge{display:inline-block;white-space:nowrap;color:var(--hl-ink);background:var(--hl);
border:1px solid var(--hl-ink);border-radius:3px;padding:0 .35em;font-size:.85em}
.v-true{--hl:var(--true);--hl-ink:var(--true-ink)}
.v-mixed{--hl:var(--mixed);--hl-ink:var(--mixed-ink)}
.v-misleading{--hl:var(--misleading);--hl-ink:var(--misleading-ink)}
.v-false{--hl:var(--false);--hl-ink:var(--false-ink)}
.v-unverifiable,.v-{--hl:var(--unverifiable);--hl-ink:var(--unverifiable-ink)}
.s-unreviewed{--hl:#f1f1f1;--hl-ink:#666}
.s-in_progress{--hl:var(--open);--hl-ink:var(--open-ink)}
.s-needs_review{--hl:var(--review);--hl-ink:var(--review-ink)}
.s-verified{--hl:var(--true);--hl-ink:var(--true-ink)}
.s-disputed{--hl:var(--false);--hl-ink:var(--false-ink)}
.s-unsupported{--hl:var(--misleading);--hl-ink:var(--misleading-ink)}
details.claim{border:1px solid var(--line);border-left:6px solid var(--hl-ink);border-radius:4px;
margin:.5rem 0;padding:.3rem .7rem}
details.claim summary{cursor:pointer}
.cid{color:var(--muted);font-size:.85em}
.claim-text{font-size:1.05rem;font-weight:600}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:0 .8rem;margin:.3rem 0}
.facts dt{color:var(--muted)}.facts dd{margin:0}
blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.6rem;border-left:3px solid var(--line);
font-style:italic}
.stance{font-family:system-ui,sans-serif;font-size:.85em;font-weight:600}
.st-supports{color:var(--true-ink)}.st-refutes{color:var(--false-ink)}
.st-context,.st-insufficient{color:var(--muted)}
#panel{position:fixed;top:0;right:0;bottom:0;width:min(30rem,100%);overflow:auto;z-index:3;
background:var(--paper);border-left:2px solid var(--ink);padding:2.5rem 1rem 1rem;
box-shadow:-4px 0 12px rgba(0,0,0,.15)}
#panel[hidden]{display:none}
#panel-close{position:absolute;top:.5rem;right:.8rem;font:inherit;cursor:pointer}
#panel details.claim{border-left-width:6px}
[hidden]{display:none!important}
@media print{
body{max-width:none;padding:0;font-size:11pt}
#filters,#panel,.a,.sec{display:none!important}
.block{content-visibility:visible}
mark.hl,.lbl,.badge{print-color-adjust:exact;-webkit-print-color-adjust:exact}
mark.off{background:none}
#claims h2{break-before:page}
details.claim{break-inside:avoid;margin:.3rem 0;padding:.2rem .5rem}
details.claim .claim-text,details.claim .goto{display:none}
details.claim h4{display:inline;font-size:10pt;margin:0 .4rem 0 0}
details.claim .body p,.facts{margin:.1rem 0}.evidence ol,.attributions ol{margin:.1rem 0}
details::details-content{content-visibility:visible;display:block}
details.claim summary{list-style:none}
a{color:inherit}
cite a[href]::after{content:" <" attr(href) ">";font-size:.85em;word-break:break-all}
}
"""

_SCRIPT = """
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var facets = JSON.parse(document.getElementById("claimdb-data").textContent);
  var text = document.getElementById("text");
  var panel = document.getElementById("panel");
  var body = document.getElementById("panel-body");
  var form = document.getElementById("filters");
  var shown = document.getElementById("shown");
  var total = Object.keys(facets).length;
  var visible = null;
  function ids(el) {
    return (el.getAttribute("data-c") || "").split(" ").filter(function (id) {
      return id && (visible === null || visible[id]);
    });
  }
  function show(list) {
    body.textContent = "";
    var cur = document.querySelectorAll("mark.cur");
    for (var i = 0; i < cur.length; i++) cur[i].classList.remove("cur");
    list.forEach(function (id) {
      var src = document.getElementById("c-" + id);
      if (!src) return;
      var copy = src.cloneNode(true);
      copy.removeAttribute("id");
      var named = copy.querySelectorAll("[id]");
      for (var n = 0; n < named.length; n++) named[n].removeAttribute("id");
      copy.open = true;
      body.appendChild(copy);
      var marks = text.querySelectorAll('mark[data-c~="' + id + '"]');
      for (var j = 0; j < marks.length; j++) marks[j].classList.add("cur");
    });
    panel.hidden = false;
    panel.focus();
  }
  function activate(ev) {
    var t = ev.target.closest("mark.hl, a.lbl");
    if (!t || !text.contains(t)) return;
    var list = ids(t);
    if (!list.length) return;
    ev.preventDefault();
    show(list);
  }
  text.addEventListener("click", activate);
  text.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" || ev.key === " ") activate(ev);
  });
  document.getElementById("panel-close").addEventListener("click", function () {
    panel.hidden = true;
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") panel.hidden = true;
  });
  function checked(name) {
    var out = [];
    var boxes = form.querySelectorAll('input[name="' + name + '"]');
    for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) out.push(boxes[i].value);
    return out;
  }
  function apply() {
    var want = [checked("s"), checked("v"), checked("t")];
    var n = 0;
    visible = {};
    Object.keys(facets).forEach(function (id) {
      var f = facets[id];
      for (var g = 0; g < 3; g++) if (want[g].length && want[g].indexOf(f[g]) < 0) return;
      visible[id] = true;
      n++;
    });
    var marks = text.querySelectorAll("mark.hl");
    for (var i = 0; i < marks.length; i++) marks[i].classList.toggle("off", !ids(marks[i]).length);
    var items = document.querySelectorAll("a.lbl, details.claim, .unsupported li");
    for (var k = 0; k < items.length; k++) {
      if (items[k].closest("#panel")) continue;
      items[k].hidden = !visible[items[k].getAttribute("data-c")];
    }
    shown.textContent = n + " of " + total + " claims shown";
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  var closed = [];
  window.addEventListener("beforeprint", function () {
    var all = document.querySelectorAll("main details, #summary details");
    closed = Array.prototype.filter.call(all, function (d) { return !d.open; });
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (d) { d.open = false; });
  });
  window.claimdbReady = performance.now();
  root.setAttribute("data-ready", "1");
})();
"""
