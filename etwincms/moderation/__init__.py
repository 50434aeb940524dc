"""Pupil-safe publishing: the moderation queue and pupils' media consent.

A core facility (its hooks are in :mod:`etwincms.moderation.hooks`, listed in
``CORE_PLUGINS``). Plugins call :func:`etwincms.moderation.consent.publication_blockers`
and :func:`etwincms.moderation.consent.record_shown`; the queue gathers every plugin's
``pending_publications`` and decides through ``decide_publication``.
"""
