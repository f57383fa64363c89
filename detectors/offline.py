"""Keep third-party libraries that could reach the network offline.

presidio-analyzer's email recognizer validates domains with ``tldextract``, whose module-level
extractor fetches the Public Suffix List over HTTP the first time it is used (and writes a
cache under the user's home). piiscan downloads nothing at run time, so whenever presidio is
loaded, :func:`use_bundled_public_suffixes` swaps that extractor for one that reads only the
snapshot shipped inside the ``tldextract`` package.
"""

from __future__ import annotations

import threading

_LOCK = threading.Lock()


def use_bundled_public_suffixes() -> None:
    """Make ``tldextract.extract`` (and so presidio's ``EmailRecognizer``) use the bundled
    public-suffix snapshot only: no HTTP fetch, no disk cache. Idempotent."""
    import tldextract
    import tldextract.tldextract as module

    with _LOCK:
        current = module.TLD_EXTRACTOR
        if getattr(current, "_piiscan_offline", False):
            return
        extractor = tldextract.TLDExtract(
            suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True
        )
        extractor._piiscan_offline = True  # type: ignore[attr-defined]
        # ``tldextract.extract`` looks this global up on every call.
        module.TLD_EXTRACTOR = extractor
