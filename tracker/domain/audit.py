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
    PROPOSE = "propose"
    APPROVE = "approve"
    DECLINE = "decline"
    SIGN_OFF = "sign_off"
    RETURN = "return"
    UPLOAD = "upload"


class AuditEntity(StrEnum):
    """Say which kind of record an audit event is about, by its table's name."""

    ACHIEVEMENT = "achievement"
    ACTION = "action"
    BAND = "band"
    INDICATOR = "indicator"
    INDICATOR_READING = "indicator_reading"
    EVIDENCE = "evidence"
    KEPT_WHOLE_LEAD = "kept_whole_lead"
    MILESTONE = "milestone"
    OBJECTIVE = "objective"
    ORGANISATION = "organisation"
    OUTBOX_MESSAGE = "outbox_message"
    PERSON = "person"
    PERSON_ALIAS = "person_alias"
    PLAN = "plan"
    RECOMMENDATION = "recommendation"
    RISK = "risk"
    STATUS_UPDATE = "status_update"
    TARGET_DATE_REVISION = "target_date_revision"
    THEME = "theme"
    USER_ACCOUNT = "user_account"
