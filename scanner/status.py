"""Holding a field verdict against the policy and the data map: the finding's status,
purposes and retention.

Statuses (most urgent first, :class:`scanner.model.Status`):

- ``not_in_policy``: the policy does not cover the category. This wins even when the data map
  declares the holding: declaring data does not make the policy allow it.
- ``undeclared``: the policy covers it, a data map was given, and no holding declares it.
- ``declared``: the policy covers it and a holding of the data map declares it.
- ``covered``: the policy covers it and no data map was given.

``purposes`` are always fideslang data-use keys, which downstream tools understand without
the policy file: a declared finding gets its holding's purposes (a policy purpose id is
replaced by that purpose's data use), any other covered finding the data uses of the policy's
purposes for the category, and a not_in_policy finding none. ``retention`` is the policy's
rule for the category (None for not_in_policy).
"""

from __future__ import annotations

from scanner.datamap import DataMap, Holding
from scanner.model import FieldVerdict, Finding, Retention, Status
from scanner.policy import Policy


def assess(
    verdict: FieldVerdict,
    source: str,
    policy: Policy,
    datamap: DataMap | None,
    *,
    kind: str | None = None,
) -> Finding:
    """The finding for ``verdict`` at ``source``. ``kind`` (``"file"``/``"table"``) is passed
    to :meth:`DataMap.match` to narrow location matching."""
    entry = policy.lookup(verdict.category)
    holding: Holding | None = None
    if entry is None:
        status = Status.NOT_IN_POLICY
        purposes: tuple[str, ...] = ()
        retention = None
    else:
        if datamap is None:
            status = Status.COVERED
        else:
            holding = datamap.match(
                source, verdict.location, verdict.field, verdict.category, kind=kind
            )
            status = Status.DECLARED if holding else Status.UNDECLARED
        purposes = (
            _data_uses(holding.purposes, policy)
            if holding
            else policy.data_uses_for(verdict.category)
        )
        rule = policy.retention_for(verdict.category)
        retention = Retention(rule=rule.id, max_age_days=rule.max_age_days, basis=rule.basis)
    return Finding(
        source=source,
        location=verdict.location,
        field=verdict.field,
        category=verdict.category,
        confidence=verdict.confidence,
        matches=verdict.matches,
        scanned=verdict.scanned,
        status=status,
        purposes=purposes,
        retention=retention,
        detectors=verdict.detectors,
        examples=verdict.examples,
        estimated=verdict.estimated,
    )


def _data_uses(purposes: tuple[str, ...], policy: Policy) -> tuple[str, ...]:
    """Purpose ids of the policy replaced by their data use; other entries (data-use keys)
    kept; duplicates dropped, order kept."""
    out = []
    for p in purposes:
        purpose = policy.purpose(p)
        out.append(purpose.data_use if purpose else p)
    return tuple(dict.fromkeys(out))
