"""The values everything else shares: knowledge records, the profile, errors.

Depends on nothing in the advisor. `records` are the validated knowledge (programs, FAQs,
careers, preparation); `profile` is what the person told us, slot by slot; `errors` are the
failures a user can be told about, with the exit status each ends in.
"""

from typing import TYPE_CHECKING

from advisor import lazy_exports

if TYPE_CHECKING:
    from advisor.domain.errors import (
        AdvisorError as AdvisorError,
        ExitStatus as ExitStatus,
        ExportError as ExportError,
        KnowledgeError as KnowledgeError,
        Problem as Problem,
        StreamError as StreamError,
        expected_failure as expected_failure,
        os_reason as os_reason,
    )
    from advisor.domain.profile import (
        SETS as SETS,
        SLOTS as SLOTS,
        Profile as Profile,
    )
    from advisor.domain.records import (
        OTHER_RESIDENCY as OTHER_RESIDENCY,
        Career as Career,
        Cost as Cost,
        Course as Course,
        DegreeKind as DegreeKind,
        Eligibility as Eligibility,
        Faq as Faq,
        Funding as Funding,
        Knowledge as Knowledge,
        Money as Money,
        PerUnit as PerUnit,
        PrepArea as PrepArea,
        PrepRoute as PrepRoute,
        PrepStep as PrepStep,
        Program as Program,
        Ranking as Ranking,
        Rate as Rate,
        Resource as Resource,
        Source as Source,
        Tuition as Tuition,
    )
else:  # the names are imported when first used
    __all__, __getattr__ = lazy_exports(
        __name__,
        {
            "errors": (
                "AdvisorError",
                "ExitStatus",
                "ExportError",
                "KnowledgeError",
                "Problem",
                "StreamError",
                "expected_failure",
                "os_reason",
            ),
            "profile": ("Profile", "SETS", "SLOTS"),
            "records": (
                "Career",
                "Cost",
                "Course",
                "DegreeKind",
                "Eligibility",
                "Faq",
                "Funding",
                "Knowledge",
                "Money",
                "OTHER_RESIDENCY",
                "PerUnit",
                "PrepArea",
                "PrepRoute",
                "PrepStep",
                "Program",
                "Ranking",
                "Rate",
                "Resource",
                "Source",
                "Tuition",
            ),
        },
    )
