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
    REVOKE = "revoke"

    @property
    def label(self) -> str:
        """Return the words the audit trail shows for the change."""
        return _VERB_LABELS[self]


class AuditEntity(StrEnum):
    """Say which kind of record an audit event is about, by its table's name."""

    ACHIEVEMENT = "achievement"
    ACTION = "action"
    API_TOKEN = "api_token"
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

    @property
    def label(self) -> str:
        """Return the words the audit trail shows for the kind of record."""
        return _ENTITY_LABELS[self]


_VERB_LABELS = {
    AuditVerb.CREATE: "Created",
    AuditVerb.UPDATE: "Changed",
    AuditVerb.DELETE: "Deleted",
    AuditVerb.ARCHIVE: "Archived",
    AuditVerb.RESTORE: "Restored",
    AuditVerb.IMPORT: "Imported",
    AuditVerb.RESEND: "Sent again",
    AuditVerb.MERGE: "Merged",
    AuditVerb.SEND: "Sent",
    AuditVerb.REQUEST: "Requested",
    AuditVerb.PROPOSE: "Proposed",
    AuditVerb.APPROVE: "Approved",
    AuditVerb.DECLINE: "Declined",
    AuditVerb.SIGN_OFF: "Signed off",
    AuditVerb.RETURN: "Returned at sign-off",
    AuditVerb.UPLOAD: "Uploaded",
    AuditVerb.REVOKE: "Revoked",
}

_ENTITY_LABELS = {
    AuditEntity.ACHIEVEMENT: "Achievement",
    AuditEntity.ACTION: "Action",
    AuditEntity.API_TOKEN: "API token",
    AuditEntity.BAND: "Priority band",
    AuditEntity.INDICATOR: "Indicator",
    AuditEntity.INDICATOR_READING: "Indicator reading",
    AuditEntity.EVIDENCE: "Evidence",
    AuditEntity.KEPT_WHOLE_LEAD: "Lead kept as one",
    AuditEntity.MILESTONE: "Milestone",
    AuditEntity.OBJECTIVE: "Objective",
    AuditEntity.ORGANISATION: "Organisation",
    AuditEntity.OUTBOX_MESSAGE: "Email",
    AuditEntity.PERSON: "Person",
    AuditEntity.PERSON_ALIAS: "Other name of a person",
    AuditEntity.PLAN: "Plan",
    AuditEntity.RECOMMENDATION: "Recommendation",
    AuditEntity.RISK: "Risk",
    AuditEntity.STATUS_UPDATE: "Status update",
    AuditEntity.TARGET_DATE_REVISION: "Target date revision",
    AuditEntity.THEME: "Theme",
    AuditEntity.USER_ACCOUNT: "User account",
}
