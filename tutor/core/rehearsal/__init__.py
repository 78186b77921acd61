"""Rehearsals: a persona tested against scripted and simulated students, with assertions.

Modules are imported where they are used (``from tutor.core.rehearsal.files import ...``): the
persona loader reads cases through this package, so it must not pull in the conversation.
"""
