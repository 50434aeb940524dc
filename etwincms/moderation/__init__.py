"""Pupil-safe publishing: the moderation queue and pupils' media consent."""
