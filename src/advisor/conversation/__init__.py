"""The interview: state plus what the person typed gives a new state and a structured reply.

Depends on `domain`, `understanding` and `recommendation`. Pure: no terminal, no files, no
clock.
- `state`: the conversation's immutable `State`, its `Event`s, `Reply` and `Turn`;
- `context`: `Dialogue`, everything the engine needs from the knowledge, built once;
- `engine`: `start` and `respond`, the policy that decides what a message is.
"""

from typing import TYPE_CHECKING

from advisor import lazy_exports

if TYPE_CHECKING:
    from advisor.conversation.context import (
        Dialogue as Dialogue,
    )
    from advisor.conversation.engine import (
        respond as respond,
        settled_share as settled_share,
        start as start,
    )
    from advisor.conversation.state import (
        CHEAPEST as CHEAPEST,
        PHASES as PHASES,
        SKIP as SKIP,
        Event as Event,
        Reply as Reply,
        State as State,
        Turn as Turn,
    )
else:  # the names are imported when first used
    __all__, __getattr__ = lazy_exports(
        __name__,
        {
            "context": ("Dialogue",),
            "engine": ("respond", "settled_share", "start"),
            "state": ("CHEAPEST", "Event", "PHASES", "Reply", "SKIP", "State", "Turn"),
        },
    )
