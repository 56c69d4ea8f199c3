"""`claimdb seed`: the seed report and its curated claims, checked, loaded and loaded again.

The counts below are deliberate: a change to seeds/claims.yaml must show up
here as a visible decision, not pass unnoticed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml
from sqlalchemy import func, select
from typer.testing import CliRunner

from claimdb.db.models import (
    Base,
    Citation,
    Claim,
    Document,
    Event,
    Flag,
    Note,
    Person,
    Quantity,
    Section,
    Source,
    Verdict,
)
from claimdb.db.uow import UnitOfWork
from claimdb.enums import CitationKind, ClaimStatus
from claimdb.errors import InvalidInput, NotFound
from claimdb.services import seed as seed_service
from conftest import CLI, IN_CI, PG_SKIP_REASON, Databases, _pg_admin_url

UowFactory = Callable[[], UnitOfWork]

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "seed"
SLUG = "trump-russia-rapprochement"


def _seed_yaml() -> dict[str, Any]:
    """The real claims file, read with plain PyYAML (independently of the loader)."""
    data: dict[str, Any] = yaml.safe_load((SEEDS / "claims.yaml").read_text(encoding="utf-8"))
    return data


def _row_counts(uow_factory: UowFactory) -> dict[str, int]:
    """Rows in every table of the model, events included."""
    with uow_factory() as uow:
        return {
            table.name: uow.session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        }


def _by_external_id(uow: UnitOfWork) -> dict[str, Claim]:
    claims = uow.session.scalars(select(Claim).where(Claim.external_id.like("seed:%"))).all()
    return {c.external_id.rsplit(":", 1)[1]: c for c in claims if c.external_id}


# --- the real seeds, through the CLI, on SQLite and PostgreSQL -------------------------------


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def seeded(request: pytest.FixtureRequest, databases: Databases) -> Iterator[UowFactory]:
    """A fresh database where `claimdb seed` ran once, shared by this module's read-only tests."""
    if request.param == "postgresql" and _pg_admin_url() is None:
        if IN_CI:
            pytest.fail("CI=true but the PostgreSQL URL is not set: the seed must be tested there")
        pytest.skip(PG_SKIP_REASON)
    url = databases.at_head(request.param)
    CLI(url, CliRunner(env={"NO_COLOR": "1"})).ok("seed")
    yield lambda: UnitOfWork(url)
    databases.drop(url)


def test_every_seeded_quote_is_at_its_offsets(seeded: UowFactory) -> None:
    """Read back from the database, each claim's stored anchor is its quote in the stored report."""
    report_bytes = (SEEDS / "seed-report.txt").read_bytes()
    quotes = {c["id"]: c["quote"] for c in _seed_yaml()["claims"]}
    with seeded() as uow:
        (version,) = (
            uow.session.scalars(select(Document).where(Document.slug == SLUG)).one().versions
        )
        text = version.text
        assert text.encode("utf-8") == report_bytes
        assert version.content_hash == hashlib.sha256(report_bytes).hexdigest()
        claims = _by_external_id(uow)
        assert sorted(claims) == sorted(quotes)
        for ident, claim in claims.items():
            assert claim.version_id == version.id, ident
            assert claim.start_offset is not None
            assert claim.end_offset is not None
            assert text[claim.start_offset : claim.end_offset] == claim.quote_exact, ident
            assert claim.quote_exact == quotes[ident], ident
            assert text[: claim.start_offset].endswith(claim.quote_prefix or ""), ident
            assert text[claim.end_offset :].startswith(claim.quote_suffix or ""), ident


def test_seeded_claims_by_type_and_checkability(seeded: UowFactory) -> None:
    """163 claims: the counts by type and checkability, and priorities, are fixed on purpose."""
    with seeded() as uow:
        claims = list(_by_external_id(uow).values())
        by_type = Counter(c.claim_type.value for c in claims)
        by_type_checkable = Counter((c.claim_type.value, c.checkable) for c in claims)
        priorities = Counter(c.priority for c in claims)
        quantities = uow.session.execute(select(func.count()).select_from(Quantity)).scalar_one()
    assert len(claims) == 163
    assert by_type == {
        "event": 69,
        "opinion": 32,
        "prediction": 28,
        "causal": 17,
        "statistic": 11,
        "quote": 6,
    }
    assert by_type_checkable == {
        ("event", True): 69,
        ("causal", True): 17,
        ("statistic", True): 11,
        ("quote", True): 6,
        ("opinion", False): 32,
        ("prediction", False): 28,
    }
    assert sum(c.checkable for c in claims) == 103
    assert priorities == {1: 20, 2: 64, 3: 19, 4: 28, 5: 32}
    assert quantities == 12


def test_seeded_sections_nest_under_their_parts(seeded: UowFactory) -> None:
    """The 18 headings are stored in order with their levels and parents; claims sit in them."""
    with seeded() as uow:
        sections = uow.session.scalars(select(Section).order_by(Section.ordinal)).all()
        titles = {s.id: s.title for s in sections}
        stored = [(s.title, s.level, titles.get(s.parent_id or 0)) for s in sections]
        claims = _by_external_id(uow)
        section_of = {k: c.section.title if c.section else None for k, c in claims.items()}
    historical = "Historical Context: Cycles of Engagement and Disillusionment"
    illusion = "The Illusion of Russian Economic Opportunity"
    energy = "Energy Gambits: Undercutting U.S. Interests"
    fallout = "Geopolitical Fallout: Eroding Transatlantic Security"
    resistance = "Domestic and International Resistance"
    assert stored == [
        ("Introduction", 1, None),
        (historical, 1, None),
        ("The Legacy of Failed Reset Attempts", 2, historical),
        ("Sanctions as a Tool of Containment", 2, historical),
        (illusion, 1, None),
        ("Structural Weaknesses and War-Driven Distortions", 2, illusion),
        ("Corporate Reluctance: Lessons From the Exodus", 2, illusion),
        (energy, 1, None),
        ("The False Promise of Russian Hydrocarbons", 2, energy),
        ("Threatening U.S. Energy Dominance", 2, energy),
        (fallout, 1, None),
        ("NATO’s Precarious Future", 2, fallout),
        ("Empowering an Authoritarian Axis", 2, fallout),
        (resistance, 1, None),
        ("Republican Dissent and Policy Conflicts", 2, resistance),
        ("European Backlash and Alternative Alliances", 2, resistance),
        ("Conclusion", 1, None),
        ("A Path Forward Rooted in Realism", 2, "Conclusion"),
    ]
    # The title line (c001, an opinion) comes before the first heading.
    assert section_of["c001"] is None
    # "Pivotal" is not a heading: what follows it stays in its subsection.
    assert (
        section_of["c051"]
        == section_of["c064"]
        == ("Structural Weaknesses and War-Driven Distortions")
    )
    assert section_of["c163"] == "A Path Forward Rooted in Realism"


def test_seeded_notes_and_flags(seeded: UowFactory) -> None:
    """70 notes and 11 flags; the two text artefacts carry a transcription flag with a note."""
    with seeded() as uow:
        claims = _by_external_id(uow)
        notes = uow.session.scalars(select(Note)).all()
        flags = uow.session.scalars(select(Flag)).all()
        ident = {c.id: k for k, c in claims.items()}
        transcription = {
            ident[f.claim_id]: f.note for f in flags if f.reason.value == "transcription"
        }
        reasons = Counter(f.reason.value for f in flags)
        unresolved = all(f.resolved_at is None for f in flags)
        authors = {n.author.name for n in notes} | {f.raised_by.name for f in flags}
        artefacts = {k: claims[k].quote_exact for k in ("c051", "c116")}
    assert len(notes) == 70
    assert all(n.body.strip() for n in notes)
    assert reasons == {"needs-source": 9, "transcription": 2}
    assert unresolved
    assert authors == {"claimdb"}
    assert sorted(transcription) == ["c051", "c116"]
    assert all(note and "Pivotal" in note for k, note in transcription.items() if k == "c051")
    assert artefacts["c051"] == "brain drainPivotal"
    assert "concessions,\nTrump’s team" in (artefacts["c116"] or "")


def test_report_citations_name_the_yale_survey_once(seeded: UowFactory) -> None:
    """The Yale survey is one report-type source, cited by the report (not as evidence) 3 times."""
    with seeded() as uow:
        sources = uow.session.scalars(select(Source)).all()
        citations = uow.session.scalars(select(Citation)).all()
        ident = {c.id: k for k, c in _by_external_id(uow).items()}
        cited = sorted(ident[c.claim_id] for c in citations)
        rows = {(c.kind, c.stance, c.quote, c.source_id) for c in citations}
        locators = {ident[c.claim_id]: c.locator for c in citations}
    assert [(s.csl_type, s.title, s.url) for s in sources] == [
        ("report", "2025 Yale survey of multinationals", None)
    ]
    assert cited == ["c070", "c071", "c072"]
    assert rows == {(CitationKind.REPORT, None, "a 2025 Yale survey", sources[0].id)}
    # Each points at the report's mention nearest the claim (3763: "a 2025 Yale survey found").
    assert set(locators.values()) == {"characters 3763-3781"}


def test_seeded_claims_are_unreviewed_without_verdicts(seeded: UowFactory) -> None:
    """The seed invents no verdict: every claim is unreviewed and no verdict row exists."""
    with seeded() as uow:
        claims = list(_by_external_id(uow).values())
        verdicts = uow.session.execute(select(func.count()).select_from(Verdict)).scalar_one()
    assert len(claims) == 163
    assert {c.status for c in claims} == {ClaimStatus.UNREVIEWED}
    assert all(c.current_verdict_id is None for c in claims)
    assert verdicts == 0


def test_seed_goes_through_the_logged_import_path(seeded: UowFactory) -> None:
    """Every row the seed adds is in the event log, as the built-in claimdb person."""
    with seeded() as uow:
        events = uow.session.scalars(select(Event)).all()
        by_action = Counter((e.entity.value, e.action) for e in events)
        actors = {e.actor.name for e in events}
        role = uow.session.scalars(select(Person.role).where(Person.name == "claimdb")).one()
    assert by_action == {
        ("document", "created"): 1,
        ("document", "version_added"): 1,
        ("claim", "created"): 163,
        ("note", "created"): 70,
        ("flag", "raised"): 11,
        ("source", "created"): 1,
        ("citation", "created"): 3,
    }
    assert actors == {"claimdb"}
    assert role.value == "admin"


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_seed_reports_what_it_loaded(cli: CLI, fmt: str) -> None:
    """The first load says what it added, in every output format, and the summary goes to stderr."""
    result = cli.ok("seed", "--format", fmt)
    assert (
        "seed: document created (version 1, 18 sections); 163 claims added, 0 already present"
        in result.stderr
    )
    if fmt == "json":
        data = json.loads(result.stdout)
    elif fmt == "jsonl":
        (line,) = result.stdout.splitlines()
        data = json.loads(line)
    elif fmt == "csv":
        header, row = result.stdout.splitlines()
        data = dict(zip(header.split(","), row.split(","), strict=False))
        assert data["claims_added"] == "163"
        assert data["document_status"] == "created"
        return
    else:
        assert "163 (163 added, 0 present)" in result.stdout
        assert "3, naming 1 source (1 added)" in result.stdout
        assert "event 69, opinion 32, prediction 28, causal 17, statistic 11, quote 6" in (
            " ".join(result.stdout.split())
        )
        return
    assert data["claims_added"] == 163
    assert data["claims_present"] == 0
    assert data["document_status"] == "created"
    assert data["by_type"] == {
        "event": 69,
        "opinion": 32,
        "prediction": 28,
        "causal": 17,
        "statistic": 11,
        "quote": 6,
    }
    assert (data["notes"], data["flags"], data["report_citations"], data["sources"]) == (
        70,
        11,
        3,
        1,
    )
    assert data["sources_added"] == 1
    assert data["loaded_as"] == "claimdb"


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_loading_twice_changes_nothing(cli: CLI, uow_factory: UowFactory, fmt: str) -> None:
    """A second load adds no row and no event, and says that nothing changed."""
    cli.ok("seed")
    before = _row_counts(uow_factory)
    again = cli.ok("seed", "--format", fmt)
    assert _row_counts(uow_factory) == before
    assert before["claims"] == 163
    assert before["events"] == 250
    assert (
        "seed: document unchanged; 0 claims added, 163 already present; nothing changed"
        in again.stderr
    )
    if fmt == "json":
        data = json.loads(again.stdout)
        assert (data["document_status"], data["claims_added"], data["claims_present"]) == (
            "unchanged",
            0,
            163,
        )
        assert data["sources_added"] == 0


def test_init_with_seed_creates_and_loads(empty_db_url: str) -> None:
    """`init --with-seed` creates the schema and loads the seed; run again, it changes nothing."""
    cli = CLI(empty_db_url, CliRunner(env={"NO_COLOR": "1"}))
    first = cli.ok("init", "--with-seed")
    assert "created a claimdb database" in first.stderr
    assert "163 claims added, 0 already present" in first.stderr
    assert first.stdout == ""
    again = cli.ok("init", "--with-seed")
    assert "already initialised" in again.stderr
    assert "0 claims added, 163 already present; nothing changed" in again.stderr
    assert cli.ok("user", "list", "--format", "json").stdout.strip() == "[]"


def test_seed_as_a_person_needs_the_import_permission(
    cli: CLI, desk: dict[str, str], uow_factory: UowFactory
) -> None:
    """--as names who loads: an analyst is refused (nothing stored), a fact-checker may."""
    before = _row_counts(uow_factory)
    with uow_factory() as uow:
        before["last_event"] = uow.session.execute(select(func.max(Event.id))).scalar_one()
    refused = cli("seed", actor="anna")
    assert refused.exit_code == 6
    assert refused.stdout == ""
    assert "anna is an analyst" in refused.stderr
    assert _row_counts(uow_factory) == {k: v for k, v in before.items() if k != "last_event"}
    unknown = cli("seed", actor="nobody")
    assert unknown.exit_code == 3
    assert "unknown person 'nobody'" in unknown.stderr
    loaded = cli.ok("seed", "--format", "json", actor="fiona")
    assert json.loads(loaded.stdout)["loaded_as"] == "fiona"
    with uow_factory() as uow:
        seeded = uow.session.scalars(select(Event).where(Event.id > before["last_event"])).all()
        actors = {e.actor.name for e in seeded}
    assert len(seeded) == 250
    assert actors == {"fiona"}


# --- a small fixture seed, and broken copies of it -------------------------------------------


def _identity(text: str) -> str:
    return text


def importer(cli: CLI) -> str:
    """Someone allowed to load a seed file (the built-in person loads only the shipped seed)."""
    if "ada" not in cli.ok("user", "list", "--format", "json").stdout:
        cli.ok("user", "add", "ada", "--role", "admin")
    return "ada"


def _fixture_copy(tmp_path: Path, edit: Callable[[str], str] = _identity) -> Path:
    """The fixture seed copied to tmp_path, with ``edit`` applied to its claims file."""
    target = tmp_path / "seed"
    shutil.copytree(FIXTURE, target)
    claims = target / "claims.yaml"
    original = claims.read_text(encoding="utf-8")
    edited = edit(original)
    assert edit is _identity or edited != original, "the edit did not apply"
    claims.write_text(edited, encoding="utf-8")
    return claims


def _line_of(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based line of the ``nth`` occurrence of ``needle``."""
    at = -1
    for _ in range(nth):
        at = text.index(needle, at + 1)
    return text[:at].count("\n") + 1


def test_fixture_seed_loads_byte_for_byte(
    cli: CLI, uow_factory: UowFactory, tmp_path: Path
) -> None:
    """A seed given with --file loads; its text (final newline included) is stored exactly."""
    claims = _fixture_copy(tmp_path, _identity)
    result = cli.ok("seed", "--file", str(claims), "--format", "json", actor=importer(cli))
    data = json.loads(result.stdout)
    assert (data["document"], data["claims"], data["sections"]) == ("widget-markets", 4, 4)
    assert data["loaded_as"] == "ada"
    with uow_factory() as uow:
        (version,) = (
            uow.session.scalars(select(Document).where(Document.slug == "widget-markets"))
            .one()
            .versions
        )
        assert version.text.encode("utf-8") == (FIXTURE / "report.txt").read_bytes()
        assert version.text.endswith("mistake.\n")
        nesting = [(s.title, s.parent.title if s.parent else None) for s in version.sections]
        c002 = _by_external_id(uow)["c002"]
        assert c002.external_id == "seed:widget-markets:c002"
        assert c002.section is not None
        assert c002.section.title == "Demand"
        assert c002.speaker_description == "of the Widget Council"
    assert nesting == [
        ("Overview", None),
        ("Outlook", None),
        ("Demand", "Outlook"),
        ("Risks", "Outlook"),
    ]


def _shift_c002(text: str) -> str:
    return text.replace("    start: 141\n    end: 170\n", "    start: 142\n    end: 171\n")


def _missing_quote(text: str) -> str:
    return text.replace('quote: "Betting on widgets is a mistake"', 'quote: "Betting on gadgets"')


def _unknown_type(text: str) -> str:
    return text.replace("    type: opinion\n", "    type: hunch\n")


def _unknown_key(text: str) -> str:
    return text.replace(
        "    tags: [widgets, outlook]\n", "    tags: [widgets, outlook]\n    colour: red\n"
    )


def _duplicate_id(text: str) -> str:
    return text.replace("  - id: c004\n", "  - id: c003\n")


def _bad_hash(text: str) -> str:
    return text.replace("sha256: 59cc", "sha256: 00cc")


class Broken(NamedTuple):
    """A mistake: the edit, where it lands (the nth occurrence of needle), what is reported."""

    edit: Callable[[str], str]
    needle: str
    nth: int
    field: str
    message: str
    detail: str


BROKEN = {
    "wrong-offset": Broken(
        _shift_c002,
        'quote: "“Demand',
        1,
        "claims[c002].quote",
        "not at 142-171",
        "it occurs at 141-170: set start: 141 and end: 170",
    ),
    "missing-quote": Broken(
        _missing_quote,
        'quote: "Betting on gadgets',
        1,
        "claims[c004].quote",
        "'Betting on gadgets' does not occur in the text",
        "(the text at 280-311 is 'Betting on widgets is a mistake')",
    ),
    "unknown-type": Broken(
        _unknown_type,
        "type: hunch",
        1,
        "claims[c004].type",
        "Input should be 'statistic', 'quote', 'event', 'causal', 'prediction', 'opinion'",
        "(got 'hunch')",
    ),
    "unknown-key": Broken(
        _unknown_key,
        "colour: red",
        1,
        "claims[c002].colour",
        "unknown key 'colour'",
        "the keys are: id, quote, start, end, text, type",
    ),
    "duplicate-id": Broken(
        _duplicate_id,
        "- id: c003",
        2,
        "claims[c003].id",
        "duplicate id c003 (first at line ",
        "give this claim the next unused id",
    ),
    "bad-hash": Broken(
        _bad_hash,
        "sha256: 00cc",
        1,
        "document.sha256",
        "report.txt has sha256 59cc531c",
        "not 00cc531c",
    ),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_a_broken_seed_names_the_entry_and_its_line(
    cli: CLI, uow_factory: UowFactory, tmp_path: Path, name: str
) -> None:
    """Each kind of mistake fails with exit 5 at `claims.yaml:LINE: field:` and stores nothing."""
    case = BROKEN[name]
    claims = _fixture_copy(tmp_path, case.edit)
    line = _line_of(claims.read_text(encoding="utf-8"), case.needle, case.nth)
    who = importer(cli)
    before = _row_counts(uow_factory)
    result = cli("seed", "--file", str(claims), actor=who)
    assert result.exit_code == 5
    assert result.stdout == ""
    assert f"{claims} is not a valid seed file: 1 problem; nothing was loaded" in result.stderr
    (problem,) = [ln for ln in result.stderr.splitlines() if ln.startswith("claims.yaml:")]
    assert problem.startswith(f"claims.yaml:{line}: {case.field}: {case.message}")
    assert case.detail in problem
    assert _row_counts(uow_factory) == before


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    """Mistakes in several entries are all listed together, in line order, each on its field."""

    def many(text: str) -> str:
        text = _bad_hash(_shift_c002(_unknown_type(text)))
        text = text.replace("    tags: [trade]\n", "    tags: [trade]\n    colour: red\n")
        text = text.replace(
            '        qualifier: exact\n        as_written: "70%"',
            '        qualifier: roughly\n        as_written: "70%"',
        )
        return text.replace("    level: 1\n    start: 126", "    level: 1\n    start: 127")

    claims = _fixture_copy(tmp_path, many)
    with pytest.raises(InvalidInput) as caught:
        seed_service.read_seed(claims)
    assert caught.value.message.endswith("6 problems; nothing was loaded")
    assert [p.field for p in caught.value.problems] == [
        "document.sha256",
        "sections[1].title",
        "claims[c001].colour",
        "claims[c002].quote",
        "claims[c003].quantities[0].qualifier",
        "claims[c004].type",
    ]
    lines = [p.line or 0 for p in caught.value.problems]
    assert lines == sorted(lines)
    assert len(set(lines)) == 6


RULES = [
    pytest.param(
        lambda s: s.replace(
            "    type: opinion\n    checkable: false\n",
            "    type: opinion\n    checkable: true  # edited\n",
        ),
        "checkable: true  # edited",
        "claims[c004].checkable",
        "a claim of type opinion is not checkable: set checkable: false",
        id="opinion-checkable",
    ),
    pytest.param(
        lambda s: s.replace("    type: quote\n", "    type: event\n").replace(
            "    tags: [widgets, outlook]\n",
            "    quantities:\n      - {value: 2, unit: times, measure: demand, as_written: double}\n"
            "    tags: [widgets, outlook]\n",
        ),
        "quantities:\n      - {value: 2",
        "claims[c002].quantities",
        "only statistics have quantities, and this claim is event",
        id="quantities-on-an-event",
    ),
    pytest.param(
        lambda s: s.replace('        as_written: "15%"', '        as_written: "15 %"'),
        'as_written: "15 %"',
        "claims[c001].quantities[0].as_written",
        "'15 %' does not occur in the quote",
        id="as-written-not-in-quote",
    ),
    pytest.param(
        lambda s: s.replace('    speaker: "Anna Berg"\n', "    speaker: null\n"),
        'speaker_description: "of the Widget',
        "claims[c002].speaker_description",
        "a speaker_description needs a speaker",
        id="description-without-speaker",
    ),
    pytest.param(
        lambda s: s.replace('        note: "The survey is not identified beyond its year."\n', ""),
        "- reason: needs-source",
        "claims[c003].flags[0].note",
        "missing required key 'note'",
        id="flag-without-note",
    ),
    pytest.param(
        lambda s: s.replace("    tags: [widgets, outlook]\n", "    tags: [widgets, '!!']\n"),
        "tags: [widgets, '!!']",
        "claims[c002].tags[1]",
        "tag '!!' has no letters or digits",
        id="tag-with-nothing-left",
    ),
    pytest.param(
        lambda s: s.replace("    priority: 5\n", "    priority: 6\n"),
        "priority: 6",
        "claims[c004].priority",
        "Input should be less than or equal to 5",
        id="priority-out-of-range",
    ),
    pytest.param(
        lambda s: s.replace('      quote: "A 2024 Acme survey"', '      quote: "an Acme poll"'),
        'quote: "an Acme poll"',
        "claims[c003].report_source.quote",
        "'an Acme poll' does not occur in the report",
        id="report-source-not-in-report",
    ),
    pytest.param(
        lambda s: s.replace(
            'quote: "Betting on widgets is a mistake"', 'quote: " Betting on widgets is a mistake"'
        ),
        'quote: " Betting',
        "claims[c004].quote",
        "' Betting on widgets is a mistake' starts or ends with white space",
        id="quote-with-white-space",
    ),
    pytest.param(
        lambda s: s.replace("    start: 280\n    end: 311\n", "    start: 280\n    end: 280\n"),
        "end: 280",
        "claims[c004].end",
        "end 280 must be greater than start 280",
        id="empty-anchor",
    ),
    pytest.param(
        lambda s: s.replace("    start: 280\n    end: 311\n", "    start: 280\n    end: 999\n"),
        "end: 999",
        "claims[c004].end",
        "999 is past the end of the text (313 characters)",
        id="anchor-past-the-end",
    ),
    pytest.param(
        lambda s: s.replace(
            '  - title: "Demand"\n    level: 2\n    start: 134',
            '  - title: "Demand"\n    level: 2\n    start: 141',
        ),
        'title: "Demand"',
        "sections[2].title",
        "'Demand' is not a whole line: the line at 141 is '“Demand will double by 2030,” said Anna Berg of the Widget …'; "
        "the heading is the line at 134",
        id="section-not-a-line",
    ),
    pytest.param(
        lambda s: s.replace(
            '  - title: "Overview"\n    level: 1\n', '  - title: "Overview"\n    level: 2\n'
        ),
        "level: 2\n    start: 47",
        "sections[0].level",
        "the first section must be level 1, not 2",
        id="section-level",
    ),
    pytest.param(
        lambda s: s.replace("  - id: c004\n", "  - id: c4\n"),
        "- id: c4",
        "claims[c4].id",
        "String should match pattern",
        id="bad-id",
    ),
    pytest.param(
        lambda s: s.replace(
            "    start: 215\n    end: 278\n", "    start: 215\n    end: 278\n    start: 216\n"
        ),
        "start: 216",
        "claims[c003].start",
        "key given twice (first at line ",
        id="key-twice",
    ),
    pytest.param(
        lambda s: s.replace("format: claimdb-seed/1", "format: claimdb-seed/2"),
        "format:",
        "format",
        "Input should be 'claimdb-seed/1' (got 'claimdb-seed/2')",
        id="format",
    ),
    pytest.param(
        lambda s: s.replace("  file: report.txt", "  file: missing.txt"),
        "file: missing.txt",
        "document.file",
        "cannot read ",
        id="missing-report",
    ),
]


@pytest.mark.parametrize(("edit", "needle", "field", "message"), RULES)
def test_seed_rules_are_located(
    tmp_path: Path, edit: Callable[[str], str], needle: str, field: str, message: str
) -> None:
    """Each rule of the format is reported on the field to fix, at its line."""
    claims = _fixture_copy(tmp_path, edit)
    text = claims.read_text(encoding="utf-8")
    line = _line_of(text, needle)
    with pytest.raises(InvalidInput) as caught:
        seed_service.read_seed(claims)
    shown = [str(p) for p in caught.value.problems]
    assert any(p.startswith(f"claims.yaml:{line}: {field}: {message}") for p in shown), shown


def test_claims_out_of_document_order_are_refused(tmp_path: Path) -> None:
    """Entries are kept in document order: a claim before its predecessor is named."""

    def swap(text: str) -> str:
        head, rest = text.split("  - id: c003\n", 1)
        c003, c004 = rest.split("  - id: c004\n", 1)
        return head + "  - id: c004\n" + c004.rstrip("\n") + "\n\n  - id: c003\n" + c003

    claims = _fixture_copy(tmp_path, swap)
    line = _line_of(claims.read_text(encoding="utf-8"), "    start: 215")
    with pytest.raises(InvalidInput) as caught:
        seed_service.read_seed(claims)
    (problem,) = caught.value.problems
    assert str(problem).startswith(
        f"claims.yaml:{line}: claims[c003].start: claims must be in document order: "
        "215-278 is not after c004's 280-311"
    )


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    """A YAML syntax error names its line and loads nothing."""
    claims = _fixture_copy(tmp_path, lambda s: s.replace("    priority: 5\n", "    priority: [5\n"))
    with pytest.raises(InvalidInput) as caught:
        seed_service.read_seed(claims)
    assert caught.value.message == "claims.yaml is not valid YAML"
    (problem,) = caught.value.problems
    assert problem.file == "claims.yaml"
    assert problem.line is not None
    assert problem.line > _line_of(claims.read_text(encoding="utf-8"), "priority: [5")


def test_a_document_with_other_text_is_not_overwritten(
    cli: CLI, uow_factory: UowFactory, tmp_path: Path
) -> None:
    """A seed whose document slug exists with a different text is refused, not added as a version."""
    cli.ok("seed", "--file", str(_fixture_copy(tmp_path / "a")), actor=importer(cli))

    def other_text(text: str) -> str:
        report = tmp_path / "b" / "seed" / "report.txt"
        changed = report.read_bytes().replace(b"mistake", b"blunder")
        report.write_bytes(changed)
        return text.replace(
            "59cc531c2ed63db1b1ca950e0f177baa6b97c8bd9fcea49e2cdccdb478ec7be8",
            hashlib.sha256(changed).hexdigest(),
        ).replace("Betting on widgets is a mistake", "Betting on widgets is a blunder")

    shutil.copytree(FIXTURE, tmp_path / "b" / "seed")
    claims = tmp_path / "b" / "seed" / "claims.yaml"
    claims.write_text(other_text(claims.read_text(encoding="utf-8")), encoding="utf-8")
    who = importer(cli)
    before = _row_counts(uow_factory)
    result = cli("seed", "--file", str(claims), actor=who)
    assert result.exit_code == 5
    assert "document 'widget-markets' already exists" in result.stderr
    assert "claims.yaml:5: document.slug: a revised text is a new document" in result.stderr
    assert _row_counts(uow_factory) == before


# --- where the seeds are found ------------------------------------------------------------


def test_seeds_are_found_in_the_package_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installed package's seeds/ wins over the checkout's; with neither, the error says so."""
    package = tmp_path / "site" / "claimdb"
    (package / "seeds").mkdir(parents=True)
    (package / "seeds" / "claims.yaml").write_text("format: claimdb-seed/1\n")
    monkeypatch.setattr(seed_service, "_PACKAGE_DIR", package)
    assert seed_service.default_seed_file() == package / "seeds" / "claims.yaml"
    (package / "seeds" / "claims.yaml").unlink()
    with pytest.raises(NotFound) as caught:
        seed_service.seeds_dir()
    assert "claimdb's seed files are missing" in caught.value.message
    assert caught.value.hint == "reinstall claimdb, or pass the claims file with --file"
    monkeypatch.setattr(seed_service, "_PACKAGE_DIR", ROOT / "src" / "claimdb")
    assert seed_service.seeds_dir() == SEEDS


def test_seed_help_has_a_summary_and_an_example() -> None:
    """`claimdb seed --help` and `claimdb init --help` document the seed options."""
    from claimdb.cli.main import app

    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "200"})
    seed_help = runner.invoke(app, ["seed", "--help"]).stdout
    assert "Load the seed report and its curated claims" in seed_help
    assert "Example: claimdb seed" in seed_help
    for option in ("--file", "--as", "--format"):
        assert option in seed_help
    assert "--with-seed" in runner.invoke(app, ["init", "--help"]).stdout


def test_the_builtin_person_loads_only_the_shipped_seed_into_an_empty_desk(
    cli: CLI, uow_factory: UowFactory, tmp_path: Path
) -> None:
    """Without --as, a seed file of one's own, or any seed into a desk in use, is refused."""
    claims = _fixture_copy(tmp_path)
    before = _row_counts(uow_factory)
    refused = cli("seed", "--file", str(claims))
    assert refused.exit_code == 6, refused.stderr
    assert "a seed file needs --as" in refused.stderr
    assert _row_counts(uow_factory) == before
    cli.ok("seed", "--file", str(claims), actor=importer(cli))
    in_use = _row_counts(uow_factory)
    again = cli("seed")
    assert again.exit_code == 6, again.stderr
    assert "only into an empty desk" in again.stderr
    assert _row_counts(uow_factory) == in_use
