"""The marshmallow schemas of the meetings API (names start with ``Meetings``: schema
names are shared by the whole OpenAPI document).

Times: ``starts_at`` is the first start as a UTC instant, ``time_zone`` the zone its
wall clock repeats in; ``local_start`` and each occurrence's ``local`` are the same
instants in the caller's zone (``viewer_time_zone``), with their offset.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from etwincms.api.schemas import ID, Strict, list_of

AUDIENCE = validate.OneOf(["teachers", "everyone"])


class MeetingsOccurrenceSchema(Schema):
    starts_at = fields.DateTime(required=True)
    local = fields.String(
        required=True, metadata={"description": "In the caller's zone."}
    )


class MeetingsDecisionSchema(Schema):
    id = fields.Integer(required=True)
    text = fields.String(required=True)


class MeetingsMeetingSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    agenda = fields.String(required=True)
    agenda_html = fields.String(required=True)
    starts_at = fields.DateTime(required=True)
    time_zone = fields.String(required=True)
    viewer_time_zone = fields.String(required=True)
    local_start = fields.String(required=True)
    duration_minutes = fields.Integer(required=True)
    audience = fields.String(required=True)
    conference_url = fields.String(
        required=True, metadata={"description": "Empty until the caller may join."}
    )
    conference_provider = fields.String(required=True)
    recording_url = fields.String(required=True)
    repeat_weeks = fields.Integer(required=True)
    repeat_count = fields.Integer(required=True, allow_none=True)
    repeat_until = fields.Date(required=True, allow_none=True)
    started = fields.Boolean(required=True)
    minutes_page_id = fields.Integer(required=True, allow_none=True)
    occurrences = fields.List(fields.Nested(MeetingsOccurrenceSchema), required=True)
    decisions = fields.List(fields.Nested(MeetingsDecisionSchema), required=True)
    own_answer = fields.String(required=True, allow_none=True)
    version = fields.Integer(required=True)


class MeetingsFieldsSchema(Strict):
    title = fields.String(validate=validate.Length(min=1, max=200))
    agenda = fields.String(validate=validate.Length(max=20_000))
    starts_at = fields.AwareDateTime(
        metadata={"description": "The first start, with its offset."}
    )
    time_zone = fields.String(
        validate=validate.Length(min=1, max=64),
        metadata={"description": "IANA zone whose wall clock the meeting keeps."},
    )
    duration_minutes = fields.Integer(validate=validate.Range(min=5, max=600))
    audience = fields.String(validate=AUDIENCE)
    conference_url = fields.String(validate=validate.Length(max=500))
    repeat_weeks = fields.Integer(validate=validate.Range(min=0, max=8))
    repeat_count = fields.Integer(
        allow_none=True, validate=validate.Range(min=1, max=104)
    )
    repeat_until = fields.Date(allow_none=True)


class MeetingsCreateSchema(MeetingsFieldsSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    starts_at = fields.AwareDateTime(required=True)


class MeetingsUpdateSchema(MeetingsFieldsSchema):
    recording_url = fields.String(validate=validate.Length(max=500))


class MeetingsRsvpSchema(Strict):
    answer = fields.String(
        required=True, validate=validate.OneOf(["yes", "no", "maybe"])
    )


class MeetingsAnswerSchema(Schema):
    answer = fields.String(required=True)


class MeetingsDecisionCreateSchema(Strict):
    text = fields.String(required=True, validate=validate.Length(min=1, max=500))


class MeetingsAttendanceSchema(Strict):
    occurs_at = fields.AwareDateTime(required=True)
    user_ids = fields.List(fields.Integer(validate=ID), required=True)


class MeetingsPresentSchema(Schema):
    occurs_at = fields.DateTime(required=True)
    user_ids = fields.List(fields.Integer(), required=True)


MeetingsMeetingList = list_of(MeetingsMeetingSchema, "MeetingsMeetingList")
