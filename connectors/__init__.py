"""Connectors open a source read-only, list its locations and read Arrow record batches.

A connector implements two methods, ``discover`` and ``read``; see :mod:`connectors.base`.
Connectors never decide what is personal data and never import ``scanner`` or ``reports``.
"""

from connectors.base import (
    Connector,
    ConnectorError,
    FatalSourceError,
    Location,
    SkippableLocationError,
)

__all__ = [
    "Connector",
    "ConnectorError",
    "FatalSourceError",
    "Location",
    "SkippableLocationError",
]
