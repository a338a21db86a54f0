"""Cards laid out in batches: one WeasyPrint document, each card's pages to its own PDF, checked alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader
from tests_support import REPO, copy_project

from playbook.cards.fonts import FONTS
from playbook.cards.parallel import chunk_sizes
from playbook.cards.render import CardRenderer, RenderTask, batch_key, batches

PLAYBOOK = str(Path(sys.executable).with_name("playbook"))
HEAD = (
    '<!DOCTYPE html>\n<html lang="lt">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
    "<style>@page {{ size: 105mm 148mm; margin: 0; }} .card {{ width: 105mm; height: 148mm; }}</style>\n"
    '</head>\n<body class="size-A6">\n{body}\n</body>\n</html>\n'
)


def _task(tmp_path: Path, key: str, title: str, body: str) -> RenderTask:
    html = HEAD.format(title=title, body=body)
    return RenderTask(key, html, tmp_path.as_uri() + "/", True, tmp_path / f"{key}.pdf", (FONTS,), tmp_path)


def test_a_batch_writes_each_card_alone_with_its_title_and_reports_the_one_that_does_not_fit(tmp_path: Path) -> None:
    long = "".join(f"<p>Line {i} of a card far too long for one page.</p>" for i in range(120))
    tasks = (
        _task(tmp_path, "a", "Kortelė A", '<div class="card"><p data-field="say">Short A</p></div>'),
        _task(tmp_path, "b", "Card B &amp; more", f'<div data-field="answer">{long}</div>'),
        _task(tmp_path, "c", "Card C", '<div class="card"><p data-field="say">Short C</p></div>'),
    )
    assert len({batch_key(t) for t in tasks}) == 1
    renderer = CardRenderer()
    results = renderer.batch(tasks)
    assert [r.key for r in results] == ["a", "b", "c"]
    assert [r.pages for r in results][0::2] == [1, 1] and results[1].pages > 1
    assert results[1].overflow == "answer" and results[0].overflow is None is results[2].overflow
    assert not (tmp_path / "b.pdf").exists()
    for key, title, text in (("a", "Kortelė A", "Short A"), ("c", "Card C", "Short C")):
        reader = PdfReader(tmp_path / f"{key}.pdf")
        assert len(reader.pages) == 1 and text in reader.pages[0].extract_text()
        assert reader.metadata is not None and reader.metadata.title == title
        assert str(reader.trailer["/Root"].get_object()["/Lang"]) == "lt"  # type: ignore[index]
    alone = renderer.single(_task(tmp_path, "b2", "B", f'<div data-field="answer">{long}</div>'))
    assert (alone.pages, alone.overflow) == (results[1].pages, results[1].overflow)


def test_cards_with_another_head_are_not_batched_together(tmp_path: Path) -> None:
    a = _task(tmp_path, "a", "A", "<p>a</p>")
    other = RenderTask("b", a.html.replace("105mm", "148mm"), a.base_url, True, tmp_path / "b.pdf", (FONTS,), tmp_path)
    several_pages = RenderTask("c", a.html, a.base_url, False, tmp_path / "c.pdf", (FONTS,), tmp_path)
    assert batch_key(a) != batch_key(other)
    assert batch_key(several_pages) is None
    assert batches([a, other, several_pages, a]) == [(a, a), (other,), (several_pages,)]


def test_chunks_get_smaller_towards_the_end_so_the_processes_finish_together() -> None:
    assert chunk_sizes(144, 2) == [16] * 8 + [8, 4, 4]
    assert chunk_sizes(40, 2) == [16, 12, 6, 4, 2]
    assert chunk_sizes(40, 1) == [16, 16, 8]
    assert chunk_sizes(3, 2) == [3] and chunk_sizes(0, 2) == []


def test_two_forked_processes_make_the_cards_one_process_makes(tmp_path: Path) -> None:
    """`playbook cards -j 2` in a process of its own (forking is safe there), each with an empty card cache."""
    project = copy_project(REPO, tmp_path / "project")
    texts: dict[int, dict[str, str]] = {}
    for jobs in (1, 2):
        out = tmp_path / f"cards-{jobs}"
        env = {**os.environ, "PLAYBOOK_TODAY": "2026-11-22", "XDG_CACHE_HOME": str(tmp_path / f"cache-{jobs}")}
        done = subprocess.run(
            [PLAYBOOK, "-C", str(project), "cards", "-j", str(jobs), "--out", str(out)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        texts[jobs] = {
            str(pdf.relative_to(out)): "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
            for pdf in sorted(out.rglob("*.pdf"))
        }
    assert len(texts[1]) > 20
    assert texts[2] == texts[1]
