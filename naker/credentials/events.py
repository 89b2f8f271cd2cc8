"""What the credentials app announces to the apps above it (naker.core.events): jobs counts the
units of a valid competency certificate as verified skills.

`skill_ids` are the keys of the skills taxonomy (`skills.Skill` is keyed by its code, e.g. an SKKNI
unit code "LOG.OO01.002.01"), so they are strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from naker.core.events import Event


@dataclass(frozen=True)
class CompetencyCertified(Event):
    """A competency certificate was issued (once per certificate, in the issuing transaction)."""

    user_id: int
    certificate_id: int  # the Credential's id
    skill_ids: tuple[str, ...]


@dataclass(frozen=True)
class CompetencyWithdrawn(Event):
    """A competency certificate stopped counting: revoked (also by an account's erasure) or expired."""

    user_id: int
    certificate_id: int
    skill_ids: tuple[str, ...]
