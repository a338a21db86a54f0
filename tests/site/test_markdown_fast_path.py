"""Text the renderer takes as plain (and does not parse) is exactly what the Markdown parser makes of it."""

from __future__ import annotations

from html import unescape

from hypothesis import example, given, settings
from hypothesis import strategies as st

from playbook.text.markdown import is_plain, sanitise, to_html

_PIECES = st.sampled_from([*"abc XYZ.,;:-+=()'\"?%/@~0123456789ąșțё\u00a0", "www.", "http://", "a@b.lt", "&amp;"])
_TEXT = st.lists(_PIECES, max_size=25).map("".join)


@settings(max_examples=400)
@given(_TEXT)
@example("See www.example.com")
@example("Mail ana@example.com")
@example("1. first")
def test_plain_text_renders_as_itself(text: str) -> None:
    if is_plain(text):
        # Equal as the reader sees them: the parser may write a no-break space as `&nbsp;`.
        assert unescape(sanitise(to_html(text)).strip()) == (f"<p>{text}</p>" if text else "")


def test_ordinary_sentences_take_the_fast_path_and_syntax_does_not() -> None:
    assert is_plain("Delivery in two days, from 9:00 to 17:00 (Mon-Fri).")
    assert is_plain("Ёлкин: доставка за день; ąčęėįšųūž ș ț.")
    for text in ("**bold**", "- item", "1. first", "see www.example.com", "a@b.lt", "x\ny", "trailing "):
        assert not is_plain(text), text
