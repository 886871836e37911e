"""The user's folders and writes that never leave a file half-written.

Depends on `domain` (errors). `dirs` says where data and cache live (platformdirs, or the
ADVISOR_DATA_DIR / ADVISOR_CACHE_DIR overrides); `atomic` writes through a temporary file
and a rename, and refuses to overwrite unless asked.
"""

from typing import TYPE_CHECKING

from advisor import lazy_exports

if TYPE_CHECKING:
    from advisor.storage.atomic import (
        atomic_write as atomic_write,
        write_new as write_new,
    )
    from advisor.storage.dirs import (
        cache_dir as cache_dir,
        data_dir as data_dir,
    )
else:  # the names are imported when first used
    __all__, __getattr__ = lazy_exports(
        __name__,
        {
            "atomic": ("atomic_write", "write_new"),
            "dirs": ("cache_dir", "data_dir"),
        },
    )
