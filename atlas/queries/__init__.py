"""Named, parameterised, read-only queries. Each function takes a DuckDB connection first and returns a DataFrame.

The pages never hold SQL: they call these through atlas.cache.run (cached per database build).
Modules: core (reference data, overview, build info); one module per page family beside it.
"""
