"""Reading what people type: one analysis of a message, profile slots and money from it, and
the answer to a question (small talk, a named program, a comparison, an FAQ, or honesty).

Depends on `domain`. Pure: text and knowledge in, values out.
- `text`: the one normalization (fold) and input limits;
- `analysis`: one reading of a message (words, clauses, cues) shared by what interprets it;
- `slots`, `money`: profile slots and budgets from free text;
- `matching`, `vectors`, `faq_model`: evidence per FAQ, distilled word vectors, the fitted
  domain gate and ranker;
- `program_names`: which programs a question names;
- `answering`: `Asker`, one question to an `Answer`.
"""

from typing import TYPE_CHECKING

from advisor import lazy_exports

if TYPE_CHECKING:
    from advisor.understanding.analysis import (
        Analysis as Analysis,
        CueIndex as CueIndex,
        analyse as analyse,
        cue_index as cue_index,
    )
    from advisor.understanding.answering import (
        Answer as Answer,
        AnswerKind as AnswerKind,
        Asker as Asker,
    )
    from advisor.understanding.faq_model import (
        FaqModel as FaqModel,
        build_model as build_model,
    )
    from advisor.understanding.slots import (
        SlotVocabulary as SlotVocabulary,
        budget as budget,
        extract as extract,
        hint as hint,
        listed_interest as listed_interest,
        says_any as says_any,
    )
    from advisor.understanding.text import (
        MAX_INPUT_CHARS as MAX_INPUT_CHARS,
        combined as combined,
        fold as fold,
        strip_control as strip_control,
    )
else:  # the names are imported when first used
    __all__, __getattr__ = lazy_exports(
        __name__,
        {
            "analysis": ("Analysis", "CueIndex", "analyse", "cue_index"),
            "answering": ("Answer", "AnswerKind", "Asker"),
            "faq_model": ("FaqModel", "build_model"),
            "slots": ("SlotVocabulary", "budget", "extract", "hint", "listed_interest", "says_any"),
            "text": ("MAX_INPUT_CHARS", "combined", "fold", "strip_control"),
        },
    )
