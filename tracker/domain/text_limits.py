"""Name the most characters each text field accepts, for the forms, the importer and the API."""

# Every limit is generous for what the council papers hold (the longest commentary in the seeds
# is about 1,700 characters, the longest key action about 300) and small enough that every
# report lays the text out in bounded time. Database columns are at least this long.

from collections.abc import Mapping
from dataclasses import dataclass

from tracker.domain.leads import split_leads


@dataclass(frozen=True, slots=True)
class TextLimit:
    """The most characters a text field accepts, and the field's name in messages."""

    label: str
    maximum: int

    def problem(self, text: str) -> str | None:
        """Return what is wrong when the text is longer than the limit, else None."""
        if len(text) <= self.maximum:
            return None
        return f"{self.label} must be {self.maximum:,} characters or fewer"


PLAN_TITLE = TextLimit("Plan title", 300)
PLAN_OWNER = TextLimit("Owner", 200)
BAND_LABEL = TextLimit("Wording", 300)
# A status label is kept with every update; the status key module checks the same maximum.
STATUS_LABEL = TextLimit("The label", 100)
STATUS_WORDS = TextLimit("The words", 5_000)
THEME_TITLE = TextLimit("Theme title", 300)
OBJECTIVE = TextLimit("Objective", 1_000)
ACTION_REF = TextLimit("Reference", 40)
ACTION_TEXT = TextLimit("Key action", 2_000)
SHORT_TITLE = TextLimit("Short title", 120)
REPORT_NOTE = TextLimit("Note for the highlight report", 500)
TARGET_DATE_TEXT = TextLimit("Target date", 500)
LEAD_TEXT = TextLimit("Leads", 1_000)
BASELINE = TextLimit("Baseline", 2_000)
TARGETS = TextLimit("Targets", 2_000)
WORKSTREAMS = TextLimit("Lead workstreams", 500)
CURRENT_PERFORMANCE = TextLimit("Current performance", 2_000)
COMMENTARY = TextLimit("Commentary", 10_000)
REVISION_REASON = TextLimit("The reason", 2_000)
DECISION_NOTE = TextLimit("The note", 2_000)
# One cell of a column the council keeps beside the layout's (Origin, Resources, Evidence …).
EXTRA_TEXT = TextLimit("An extra column's text", 4_000)
PERSON_NAME = TextLimit("Name", 200)
ORGANISATION_NAME = TextLimit("Organisation name", 200)
EMAIL = TextLimit("Email address", 320)
RISK_DESCRIPTION = TextLimit("Risk or issue", 4_000)
RISK_LIKELIHOOD = TextLimit("Likelihood", 200)
RISK_CONSEQUENCES = TextLimit("Consequences", 4_000)
RISK_MITIGATION = TextLimit("Mitigation", 4_000)
RISK_OWNER = TextLimit("Owner", 200)
ACHIEVEMENT = TextLimit("Achievement", 2_000)
RECOMMENDATION_REF = TextLimit("Reference", 40)
RECOMMENDATION_TEXT = TextLimit("Recommendation", 4_000)
RECOMMENDATION_SOURCE = TextLimit("Source", 300)
# An import's Recommendation cell: the refs of those the action answers, and any new one's text.
RECOMMENDATION_CELL = TextLimit("Recommendation", 20_000)
EVIDENCE_NOTE = TextLimit("Evidence note", 4_000)
EVIDENCE_URL = TextLimit("A web address", 2_000)
MILESTONE_REF = TextLimit("Milestone reference", 40)
MILESTONE_TEXT = TextLimit("Milestone", 1_000)
# Kept as the commentary of the update that returns an action at sign-off.
RETURN_REASON = TextLimit("The reason", 4_000)

# The stored text fields of each kind of record, by attribute name.
FIELD_LIMITS: Mapping[str, Mapping[str, TextLimit]] = {
    "plan": {"title": PLAN_TITLE, "owner": PLAN_OWNER},
    "priority_band": {"label": BAND_LABEL},
    "theme": {"title": THEME_TITLE},
    "objective": {"text": OBJECTIVE},
    "action": {
        "ref": ACTION_REF,
        "text": ACTION_TEXT,
        "short_title": SHORT_TITLE,
        "target_date_text": TARGET_DATE_TEXT,
        "lead_text": LEAD_TEXT,
        "baseline": BASELINE,
        "targets": TARGETS,
        "workstreams": WORKSTREAMS,
        "current_performance": CURRENT_PERFORMANCE,
        "current_commentary": COMMENTARY,
        "current_status_label": STATUS_LABEL,
    },
    "status_update": {
        "current_performance": CURRENT_PERFORMANCE,
        "commentary": COMMENTARY,
        "status_label": STATUS_LABEL,
        "report_note": REPORT_NOTE,
    },
    "person": {"name": PERSON_NAME, "email": EMAIL},
    "organisation": {"name": ORGANISATION_NAME},
    "risk": {
        "description": RISK_DESCRIPTION,
        "likelihood": RISK_LIKELIHOOD,
        "consequences": RISK_CONSEQUENCES,
        "mitigation": RISK_MITIGATION,
        "owner": RISK_OWNER,
    },
    "achievement": {"text": ACHIEVEMENT},
    "recommendation": {
        "ref": RECOMMENDATION_REF,
        "text": RECOMMENDATION_TEXT,
        "source": RECOMMENDATION_SOURCE,
    },
    "evidence": {"text": EVIDENCE_NOTE, "url": EVIDENCE_URL},
    "milestone": {"ref": MILESTONE_REF, "text": MILESTONE_TEXT},
}


def length_problems(record: str, values: Mapping[str, str]) -> dict[str, str]:
    """Return a message for each given field of a kind of record whose text is too long."""
    limits = FIELD_LIMITS[record]
    problems = {}
    for name, text in values.items():
        message = limits[name].problem(text or "")
        if message:
            problems[name] = message
    return problems


def shortened(text: str, maximum: int) -> str:
    """Return the text cut to at most maximum characters, ending in an ellipsis when cut."""
    return text if len(text) <= maximum else text[: maximum - 1] + "…"


def lead_names_problem(lead_text: str) -> str | None:
    """Return what is wrong when a lead named in a Leads text is too long to be a person."""
    for name in split_leads(lead_text):
        if len(name) > PERSON_NAME.maximum:
            return (
                f"Each lead's name must be {PERSON_NAME.maximum:,} characters or fewer; "
                "separate people with ' / ', ';' or a new line"
            )
    return None
