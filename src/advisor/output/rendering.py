"""The Jinja2 environment: every sentence a user reads comes from a template here."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from advisor.understanding import MAX_INPUT_CHARS, strip_control


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


_MD_AMPERSAND = re.compile(r"&(?!(?:lt|gt|amp|#[0-9]+);)")
_MD_HEADING = re.compile(r"^(\s*)#", re.MULTILINE)


def markdown_text(value: Any) -> str:
    """Knowledge text as plain Markdown text: no control characters, no raw HTML, no link
    or heading of its own. Idempotent, so a macro's output may pass through again."""
    if isinstance(value, Markup):  # an address web_url has checked
        return value
    text = strip_control(str(value)).replace("\n", " ")
    text = _MD_AMPERSAND.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("[", "&#91;").replace("]", "&#93;")
    return _MD_HEADING.sub(r"\1&#35;", text)


def html_text(value: Any) -> Any:
    """What HTML shows: no control characters (autoescaping does the rest)."""
    return value if isinstance(value, Markup) else strip_control(str(value))


def _bytecode_cache(kind: str) -> jinja2.BytecodeCache | None:
    """Compiled templates kept in the user's cache folder: later starts skip compiling.
    Escaping and finalizing are compiled in, and the cache's key is only the template's
    name and source, so each kind of environment keeps its own folder, named also after
    this module and Jinja2's version (an upgrade never runs code compiled for another)."""
    import hashlib

    from advisor.storage import cache_dir

    code = hashlib.sha256(Path(__file__).read_bytes() + jinja2.__version__.encode()).hexdigest()
    folder = cache_dir() / f"templates-{kind}-{code[:12]}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


@lru_cache(maxsize=3)
def environment(html: bool = False, markdown: bool = False) -> jinja2.Environment:
    """Plain text for the terminal; or HTML (escaped); or Markdown (knowledge text made
    inert by `markdown_text`)."""
    kind = "html" if html else "markdown" if markdown else "text"
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("advisor.output", "templates"),
        bytecode_cache=_bytecode_cache(kind),
        finalize={"html": html_text, "markdown": markdown_text}.get(kind),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=html,
    )
    env.filters["money"] = money
    env.filters["clean"] = clean
    env.filters["web_url"] = (lambda url: Markup(web_url(url))) if markdown else web_url
    return env


def render(template: str, **data: Any) -> str:
    """Render a plain-text template; collapse runs of blank lines the layout leaves."""
    text = environment().get_template(template).render(**data)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_answer(answer: Any, explain: bool = False) -> str:
    """The text a person sees for an `asking.Answer`."""

    if answer.kind == "faq":
        text = render("faq.j2", faq=answer.faq, related=answer.related, tables=answer.tables)
    elif answer.kind in ("program", "compare"):
        template = "program.j2" if answer.kind == "program" else "compare.j2"
        schools = {p.school for p in answer.programs}
        text = render(
            template,
            programs=answer.programs,
            focus=answer.focus,
            related_faq=answer.related_faq,
            school_count=len(schools),
        )
    elif answer.kind == "smalltalk":
        text = render("smalltalk.j2", reply=answer.reply)
    elif answer.kind == "empty":
        text = render("empty.j2")
    else:
        text = render(
            "unknown.j2", suggestions=answer.suggestions, examples=answer.examples, technical=answer.technical
        )
    if answer.truncated:
        text = render("truncated.j2", limit=MAX_INPUT_CHARS) + text
    if explain:
        text += "\n" + render("explain.j2", explanation=answer.explanation, bands=answer.bands)
    return text
