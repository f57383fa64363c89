"""Detectors turn a field's name, type and values into per-category evidence.

Each detector family lives in its own module behind :class:`detectors.base.Detector`; the
explicit :class:`detectors.registry.DetectorRegistry` lists them. Detectors import neither
``scanner`` nor ``reports``.
"""
