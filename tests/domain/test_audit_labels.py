"""Every audit verb and kind of record has words of its own for the audit trail."""

import pytest

from tracker.domain.audit import AuditEntity, AuditVerb


@pytest.mark.parametrize("member", [*AuditVerb, *AuditEntity])
def test_every_verb_and_entity_has_a_label_without_code_spelling(member):
    assert member.label
    assert "_" not in member.label
    assert member.label[0].isupper()


@pytest.mark.parametrize(
    ("member", "label"),
    [
        (AuditVerb.SIGN_OFF, "Signed off"),
        (AuditVerb.RETURN, "Returned at sign-off"),
        (AuditVerb.RESEND, "Sent again"),
        (AuditEntity.TARGET_DATE_REVISION, "Target date revision"),
        (AuditEntity.STATUS_UPDATE, "Status update"),
    ],
)
def test_labels_read_as_words(member, label):
    assert member.label == label


def test_labels_differ_so_the_trail_tells_changes_apart():
    assert len({verb.label for verb in AuditVerb}) == len(AuditVerb)
    assert len({entity.label for entity in AuditEntity}) == len(AuditEntity)
