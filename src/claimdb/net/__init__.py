"""Network access: fetching sources' URLs and asking a web archive about them.

The only package that imports httpx; it knows nothing of the database, the
services or the CLI (an import-linter contract), and is imported only by the
services that need it, inside their functions, so that `claimdb --help` and
every other command start without it.

- :mod:`claimdb.net.fetch`: many URLs at once, bounded per host, with
  timeouts, retries and every redirect recorded (:func:`fetch_all`);
- :mod:`claimdb.net.archive`: the Wayback Machine's availability and save APIs.

Nothing here raises for a bad URL or a bad server: each request ends in a
:class:`~claimdb.net.fetch.FetchResult` that says what happened.
"""

from claimdb.net.fetch import FetchOptions, FetchResult, Hop, fetch_all, user_agent

__all__ = ["FetchOptions", "FetchResult", "Hop", "fetch_all", "user_agent"]
