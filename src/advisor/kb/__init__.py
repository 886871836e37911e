"""Loading and checking a knowledge folder (the YAML in knowledge/, named `kb` because the
wheel already puts that data at `advisor/knowledge`).

Depends on `domain`, `storage`, `understanding` (the fitted FAQ model, the slot vocabulary)
and `recommendation` (costs). The only reader of YAML.
- `yamlfile`: YAML with line numbers; `validation`: JSON Schema checks naming file, line
  and field; `build`: records from validated documents; `load`: `load_knowledge` (with a
  cache of validations) and `check`; `lint`: warnings and figures for `advisor kb check`.
"""

from typing import TYPE_CHECKING

from advisor import lazy_exports

if TYPE_CHECKING:
    from advisor.kb.lint import (
        faq_warnings as faq_warnings,
        figures as figures,
        stale_warnings as stale_warnings,
    )
    from advisor.kb.load import (
        check as check,
        knowledge_dir as knowledge_dir,
        load_knowledge as load_knowledge,
        slot_values as slot_values,
    )
else:  # the names are imported when first used
    __all__, __getattr__ = lazy_exports(
        __name__,
        {
            "lint": ("faq_warnings", "figures", "stale_warnings"),
            "load": ("check", "knowledge_dir", "load_knowledge", "slot_values"),
        },
    )
