"""Ranking programs for a profile: hard constraints, a soft fit, costs, and the reasons.

Depends on `domain`. Pure and deterministic.
- `constraints`: the rules a program must meet (budget, format, region, eligibility);
- `fit`: how well a program suits a profile, with the weights of knowledge/ranking.yaml;
- `cost`: what a program costs a person, and whether a figure is too old to count;
- `ranking`: `rank_programs`, a `Recommendation` of `Pick`s with their `Reason`s.
"""

from typing import TYPE_CHECKING

from advisor import lazy_exports

if TYPE_CHECKING:
    from advisor.recommendation.cost import (
        costs as costs,
        is_stale as is_stale,
        start_year as start_year,
    )
    from advisor.recommendation.ranking import (
        Pick as Pick,
        Reason as Reason,
        Recommendation as Recommendation,
        explain_program as explain_program,
        rank_programs as rank_programs,
    )
else:  # the names are imported when first used
    __all__, __getattr__ = lazy_exports(
        __name__,
        {
            "cost": ("costs", "is_stale", "start_year"),
            "ranking": ("Pick", "Reason", "Recommendation", "explain_program", "rank_programs"),
        },
    )
