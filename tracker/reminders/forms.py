"""The form that chooses the day whose reminders are previewed."""

from datetime import date

from tracker.form_fields import DateInputField, TrackerForm


class PreviewDayField(DateInputField):
    """Read the day from its three boxes, or from one YYYY-MM-DD value in a shared address."""

    def process_formdata(self, valuelist: list[str]) -> None:
        """Take a single ISO date as the address gives it; otherwise read the three boxes."""
        if len(valuelist) != 1:
            super().process_formdata(valuelist)
            return
        # The boxes show the date read, not the one value they were never typed in.
        self.raw_data = None
        try:
            self.data = date.fromisoformat(valuelist[0].strip())
        except ValueError:
            self.data = None
            raise ValueError(f"{self.error_name} must be a real date, like 2026-11-30") from None


class PreviewForm(TrackerForm):
    """Choose a day to preview; it only reads, so it is sent by GET without a CSRF token."""

    class Meta:
        csrf = False

    day = PreviewDayField("Day of the reminders run", error_name="The day")
