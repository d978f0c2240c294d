"""URL parameters that name a province (?province=桂, ?province=Guangxi): resolved, or refused. Streamlit-free.

A page must not quietly show its first option (北京) for a name it does not know: `province_param` returns None,
and the page shows t("province_param_unknown") with the name it was given.
"""

from __future__ import annotations

from collections.abc import Sequence

from extract.regions import find_province


def province_param(value: str | Sequence[str] | None, options: Sequence[str]) -> str | None:
    """The canonical short name for a ?province= value if it is one of the page's options, else None.

    Any accepted spelling resolves (广西, 广西壮族自治区, Guangxi, guangxi, 桂; see extract.regions.find_province).
    For a repeated parameter (a list) the first value counts.
    """
    if value is not None and not isinstance(value, str):
        value = next(iter(value), None)
    province = find_province(value)
    return province if province in options else None
