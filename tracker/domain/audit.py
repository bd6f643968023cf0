"""Name what the audit trail records: the change made and the kind of record changed."""

from enum import StrEnum


class AuditVerb(StrEnum):
    """Say what was done to a record."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    ARCHIVE = "archive"
    RESTORE = "restore"
    IMPORT = "import"
    RESEND = "resend"
    MERGE = "merge"
    SEND = "send"
    REQUEST = "request"


class AuditEntity(StrEnum):
    """Say which kind of record an audit event is about, by its table's name."""

    ACHIEVEMENT = "achievement"
    ACTION = "action"
    BAND = "band"
    INDICATOR = "indicator"
    INDICATOR_READING = "indicator_reading"
    KEPT_WHOLE_LEAD = "kept_whole_lead"
    OBJECTIVE = "objective"
    ORGANISATION = "organisation"
    OUTBOX_MESSAGE = "outbox_message"
    PERSON = "person"
    PERSON_ALIAS = "person_alias"
    PLAN = "plan"
    RISK = "risk"
    STATUS_UPDATE = "status_update"
    THEME = "theme"
    USER_ACCOUNT = "user_account"
