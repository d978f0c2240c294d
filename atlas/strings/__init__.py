"""Page-specific UI strings: one module per page family, each defining STRINGS = {key: (zh, en)}.

atlas.i18n merges them all, so pages can be written in parallel without editing one shared file.
"""
