"""What people and programs read: text from templates, the JSON contract, exports.

Depends on `domain`, `storage`, `understanding`, `recommendation` and `conversation`. Every
word comes from a template in `output/templates/`.
- `rendering`: the Jinja2 environments and `render`, `render_answer`, `clean`;
- `wording`: the recommendation as text; `turn_text`: a conversation turn as text;
- `contract`: the JSON of docs/cli_contract.md; `exports`: Markdown, HTML and JSON summaries.
"""

from typing import TYPE_CHECKING

from advisor import lazy_exports

if TYPE_CHECKING:
    from advisor.output.contract import (
        answer_json as answer_json,
        recommendation_json as recommendation_json,
    )
    from advisor.output.exports import (
        build_summary as build_summary,
        export as export,
    )
    from advisor.output.rendering import (
        clean as clean,
        render as render,
        render_answer as render_answer,
    )
    from advisor.output.turn_text import (
        render_turn as render_turn,
    )
    from advisor.output.wording import (
        render_recommendation as render_recommendation,
    )
else:  # the names are imported when first used
    __all__, __getattr__ = lazy_exports(
        __name__,
        {
            "contract": ("answer_json", "recommendation_json"),
            "exports": ("build_summary", "export"),
            "rendering": ("clean", "render", "render_answer"),
            "turn_text": ("render_turn",),
            "wording": ("render_recommendation",),
        },
    )
