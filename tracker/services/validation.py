"""Carry problems with submitted values back to the form that sent them."""


class Invalid(Exception):
    """Say which submitted fields are wrong and why; nothing was written."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(problems.values()))
        self.problems = problems
