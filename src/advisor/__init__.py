"""advisor: a terminal advisor for choosing a Master's in Machine Learning."""

from collections.abc import Callable

__version__ = "0.1.0"


def lazy_exports(
    package: str,
    where: dict[str, tuple[str, ...]],
) -> tuple[list[str], Callable[[str], object]]:
    """`__all__` and a module `__getattr__` (PEP 562) for a layer's package: a public name is
    imported from its module (`where`: module -> names) on first use, so that importing one
    module of a layer does not import the whole layer, and start-up stays what it was."""
    home = {name: module for module, names in where.items() for name in names}

    def __getattr__(name: str) -> object:
        if name not in home:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        from importlib import import_module

        return getattr(import_module(f"{package}.{home[name]}"), name)

    return sorted(home), __getattr__
