"""Detector tests share their builders through ``fieldkit``."""

import pytest

# fieldkit asserts on behalf of the tests: show its failures as pytest shows theirs.
pytest.register_assert_rewrite("tests.detectors.fieldkit")
