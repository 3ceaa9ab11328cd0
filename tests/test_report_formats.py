"""The HTML, Markdown and PDF reports: the same content as text and JSON, escaped, self-contained."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import EXAMPLES

from ssi_advise.cli.main import main
from ssi_advise.engine import InputError
from ssi_advise.reports import FORMATS, RENDERERS, Renderer
from ssi_advise.reports.templating import markdown_escape
from ssi_advise.reports.values import num, signed

ACCOUNT_MANAGER = str(EXAMPLES / "account-manager.yaml")
NEWCOMER = str(EXAMPLES / "newcomer.yaml")
HOSTILE_NAME = "<script>alert(1)</script> & Co"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def hostile_profile(tmp_path: Path) -> Path:
    data = yaml.safe_load(Path(NEWCOMER).read_text(encoding="utf-8"))
    data["name"] = HOSTILE_NAME
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_every_command_offers_the_registry_formats():
    assert FORMATS == ("text", "json", "markdown", "html", "pdf")
    for command in ("advise", "compare", "history", "what-if"):
        help_text = run(command, "--help").output
        assert "[text|json|markdown|html|pdf]" in " ".join(help_text.split()), command


def test_html_report_shows_everything_the_json_report_holds():
    data = json.loads(run(ACCOUNT_MANAGER, "--format", "json").output)
    html = run(ACCOUNT_MANAGER, "--format", "html", "--top", "0").output
    assert html.startswith("<!DOCTYPE html>")
    assert f'<span class="big">{num(data["total"])}</span>' in html
    for pillar in data["pillars"].values():
        assert pillar["title"] in html
        for measure in pillar["measures"]:
            assert measure["title"].replace("'", "&#39;") in html
    for action in data["actions"]:
        assert action["title"].replace("'", "&#39;") in html
    assert "This is an estimate: LinkedIn does not publish" in html
    real = data["pillars"]["brand"]["comparison"]["real"]
    assert f"{num(real)} real" in html and "Industry average" in html  # the SSI page beside the estimate
    assert re.search(r"Rule pack: default \d", html) and re.search(r"Date: \d{4}-\d\d-\d\d", html)
    assert html.count("<svg") == 2  # pillars 0–25, and the totals beside the industry average


def test_html_and_markdown_show_the_ssi_page_for_the_pillars_it_gives_when_it_gives_some(tmp_path):
    # A member may copy one pillar's number from the SSI page: the others have no comparison.
    profile = tmp_path / "some.yaml"
    profile.write_text("brand: {skills: 5}\nssi: {brand: 10}\n", encoding="utf-8")
    html = run(str(profile), "--format", "html")
    assert html.exit_code == 0, html.output
    assert "10 real" in html.output and html.output.count("<th scope=\"row\">") >= 1
    markdown = run(str(profile), "--format", "markdown")
    assert markdown.exit_code == 0 and "| 10 |" in markdown.output


def test_html_is_self_contained_with_no_script_and_nothing_fetched():
    html = run(ACCOUNT_MANAGER, "--format", "html").output
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    assert "@page" in html and "size: A4" in html  # the print stylesheet


def test_a_name_holding_markup_is_shown_as_text_in_html_and_markdown(hostile_profile):
    html = run(str(hostile_profile), "--format", "html").output
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "<script>" not in html
    markdown = run(str(hostile_profile), "--format", "markdown").output
    assert markdown.splitlines()[0] == r"# Social Selling Index — estimate for \<script\>alert\(1\)\</script\> \& Co"


def test_markdown_escape_keeps_tables_and_markup_intact():
    assert markdown_escape("a | b") == r"a \| b"
    assert markdown_escape("*bold* [link](x)\nnext") == r"\*bold\* \[link\]\(x\) next"
    assert markdown_escape(None) == ""


def test_markdown_report_has_headed_sections_and_tables():
    data = json.loads(run(ACCOUNT_MANAGER, "--format", "json").output)
    markdown = run(ACCOUNT_MANAGER, "--format", "markdown").output
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert headings[:4] == ["# Social Selling Index — estimate for Sanne de Vries", f"## Total: {num(data['total'])}/100",
                            "## Action plan", "## How each point was earned"]
    insights = data["pillars"]["insights"]
    row = f"| Engage with insights | {num(insights['score'])}/25 | {num(insights['comparison']['real'])} | {signed(insights['comparison']['difference'])} |"
    assert row in markdown
    first = data["actions"][0]
    unit = "pt" if first["expected_gain"] == 1 else "pts"
    effort = f"{num(first['effort_minutes_once'])} min, once" if first["effort_minutes_once"] else f"{num(first['effort_minutes_per_week'])} min/week"
    assert f"1. **{first['title']}**: ≈+{num(first['expected_gain'])} {unit} · {effort}" in markdown
    leaders = [a for a in data["actions"] if a["alternative_to"] is None]
    assert f"… {len(leaders) - 10} more" in markdown  # the first ten leading actions by default, as in text
    # Every table row has as many cells as its header.
    for block in re.findall(r"(?:^\|.*\|\n)+", markdown, flags=re.M):
        rows = block.splitlines()
        assert len({len(re.split(r"(?<!\\)\|", row)) for row in rows}) == 1, block


def test_dutch_html_and_markdown():
    html = run(ACCOUNT_MANAGER, "--format", "html", "--lang", "nl").output
    assert '<html lang="nl">' in html and "Actieplan" in html and "Dit is een schatting" in html
    markdown = run(ACCOUNT_MANAGER, "--format", "markdown", "--lang", "nl").output
    assert "## Actieplan" in markdown and "## Hoe elk punt is verdiend" in markdown


def test_not_assessed_measures_say_where_to_look():
    html = run(str(EXAMPLES / "empty.yaml"), "--format", "html").output
    assert "Not assessed (fact missing)" in html
    assert "Open My Network &gt; Connections" in html


def test_pdf_needs_a_file_to_write_to(monkeypatch):
    # Whether or not WeasyPrint is installed here: a binary format is never printed to a terminal.
    monkeypatch.setitem(RENDERERS, "pdf", Renderer("pdf", "PDF", RENDERERS["pdf"].functions, binary=True))
    result = CliRunner().invoke(main, [NEWCOMER, "--format", "pdf"])
    assert result.exit_code == 2
    assert result.stderr == "--format pdf writes a binary file: name it with -o FILE\n"


def test_a_format_whose_extra_is_missing_names_the_extra_in_one_line():
    renderer = Renderer("pdf", "test", {"report": "pdf:render_pdf"}, binary=True, extra="pdf", needs="ssi_advise_no_such_module")
    with pytest.raises(InputError) as caught:
        renderer.require()
    message = str(caught.value)
    assert message.startswith("--format pdf needs the optional extra 'pdf': pip install 'ssi-advise[pdf]' (")
    assert "\n" not in message


def test_the_cli_says_which_extra_when_weasyprint_is_absent(monkeypatch, tmp_path):
    monkeypatch.setitem(RENDERERS, "pdf", Renderer("pdf", "PDF", RENDERERS["pdf"].functions, binary=True, extra="pdf",
                                                   needs="ssi_advise_no_such_module"))
    result = CliRunner().invoke(main, [NEWCOMER, "--format", "pdf", "-o", str(tmp_path / "r.pdf")])
    assert result.exit_code == 2
    assert result.stderr.startswith("--format pdf needs the optional extra 'pdf': pip install 'ssi-advise[pdf]'")
    assert not (tmp_path / "r.pdf").exists()


def _weasyprint_missing() -> bool:
    try:
        RENDERERS["pdf"].require()
    except InputError:
        return True
    return False


def test_pdf_first_page_is_a4_and_not_blank(tmp_path):
    if _weasyprint_missing():
        pytest.skip("WeasyPrint is not installed: pip install '.[pdf]'")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed: apt-get install poppler-utils")
    from PIL import Image, ImageStat  # a dependency of WeasyPrint

    target = tmp_path / "report.pdf"
    result = run(NEWCOMER, "--format", "pdf", "-o", str(target))
    assert result.exit_code == 0 and result.output == ""
    assert target.read_bytes().startswith(b"%PDF-")
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(target), str(tmp_path / "page")], check=True)
    page = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    width, height = page.size
    assert abs(height / width - 297 / 210) < 0.01  # A4
    stats = ImageStat.Stat(page)
    assert stats.stddev[0] > 20, "the first page is blank"
    dark = sum(page.histogram()[:128])
    assert dark > width * height * 0.01  # text and bars, not a stray mark
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+[2-9]", info)
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert re.search(rf"\b1\s*/\s*{pages}\b", text) and re.search(rf"\b{pages}\s*/\s*{pages}\b", text)  # page numbers
    assert "Tim Bakker" in text


@pytest.mark.parametrize("output_format", ["markdown", "html"])
def test_dutch_documents_write_decimal_commas_and_english_ones_points(output_format):
    dutch = run(str(EXAMPLES / "newcomer.yaml"), "--format", output_format, "--lang", "nl").output
    english = run(str(EXAMPLES / "newcomer.yaml"), "--format", output_format, "--lang", "en").output
    assert "9,5" in dutch and "9.5" not in dutch.replace("0.9.5", "")
    assert "9.5" in english and "9,5" not in english


@pytest.mark.parametrize("output_format", ["markdown", "html"])
def test_pages_show_a_measure_as_the_text_does_its_band_and_its_tick(output_format, tmp_path):
    # A tick beside 0/1 read as "in order" to a client; a band of 0.5–1 beside a value of 0,5.
    profile = tmp_path / "p.yaml"
    profile.write_text("language: nl\nbrand: {photo: true, headline: true, cover_photo: false}\ninsights: {posts_per_week: 0.5}\n",
                       encoding="utf-8")
    page = run(str(profile), "--format", output_format).output
    text = run(str(profile)).output
    assert "0,5–1" in text and "0,5–1" in page and "0.5–1" not in page
    assert "0/1" in page and "0/1 ✓" not in page


@pytest.mark.parametrize("output_format", ["text", "markdown", "html"])
def test_a_measure_it_step_is_a_one_off_job(output_format):
    # Looking a number up is done once; "5 min/week" read as a new weekly habit.
    page = run(str(EXAMPLES / "empty.yaml"), "--format", output_format, "--lang", "nl", "--top", "0").output
    assert "Zoek het op" in page
    assert "min, eenmalig" in page and "min/week" not in page.split("Zoek het op", 1)[1].split("\n")[1]
