"""The Jinja2 environment: every sentence a user reads comes from a template here."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import jinja2

from advisor.text import MAX_INPUT_CHARS, strip_control


def clean(text: Any) -> str:
    """Text safe to print in a terminal: control characters and escape sequences removed."""
    return strip_control(str(text))


def money(amount: float | None, currency: str = "USD") -> str:
    if amount is None:
        return "unknown"
    symbol = {"USD": "$", "GBP": "£", "EUR": "€"}.get(currency)
    figure = f"{amount:,.0f}"
    return f"{symbol}{figure}" if symbol else f"{currency} {figure}"


_WEB_URL = re.compile(r"https?://[^\s<>\"'`\\\x00-\x1f\x7f-\x9f]+")


def web_url(url: Any) -> str:
    """The address if it is a plain http(s) one, else nothing: no `javascript:` link, and
    nothing that could end the attribute or the Markdown link it is written into."""
    return url if isinstance(url, str) and _WEB_URL.fullmatch(url) else ""


def _bytecode_cache(html: bool) -> jinja2.BytecodeCache | None:
    """Compiled templates kept in the user's cache folder: later starts skip compiling.
    Escaping is compiled in, and the cache's key is only the template's name and source,
    so the HTML environment keeps its own folder."""
    from advisor.places import cache_dir

    folder = cache_dir() / ("templates-html" if html else "templates")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


@lru_cache(maxsize=2)
def environment(html: bool = False) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("advisor", "templates"),
        bytecode_cache=_bytecode_cache(html),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=html,
    )
    env.filters["money"] = money
    env.filters["clean"] = clean
    env.filters["web_url"] = web_url
    return env


def render(template: str, **data: Any) -> str:
    """Render a plain-text template; collapse runs of blank lines the layout leaves."""
    text = environment().get_template(template).render(**data)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_answer(answer: Any, explain: bool = False) -> str:
    """The text a person sees for an `asking.Answer`."""
    from advisor import asking

    if answer.kind == "faq":
        text = render("faq.j2", faq=answer.faq, related=answer.related, tables=answer.tables)
    elif answer.kind in ("program", "compare"):
        template = "program.j2" if answer.kind == "program" else "compare.j2"
        schools = {p.school for p in answer.programs}
        text = render(template, programs=answer.programs, focus=answer.focus,
                      related_faq=answer.related_faq, school_count=len(schools))
    elif answer.kind == "smalltalk":
        text = render("smalltalk.j2", reply=answer.reply)
    elif answer.kind == "empty":
        text = render("empty.j2")
    else:
        text = render("unknown.j2", suggestions=answer.suggestions, examples=answer.examples,
                      technical=answer.technical)
    if answer.truncated:
        text = render("truncated.j2", limit=MAX_INPUT_CHARS) + text
    if explain:
        text += "\n" + render("explain.j2", explanation=answer.explanation, thresholds={
            "answer": asking.FAQ_ANSWER, "lead": asking.FAQ_LEAD, "suggest": asking.FAQ_SUGGEST})
    return text
