"""Admin pages for people and their sign-in accounts."""

from __future__ import annotations

from flask import (
    after_this_request,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from tracker import clock
from tracker.admin import bp
from tracker.admin.forms import (
    ConfirmMergeForm,
    MergePeopleForm,
    NewAccountForm,
    NewPersonForm,
    PersonForm,
    RoleForm,
    options,
)
from tracker.admin.helpers import NOTHING_CHANGED, form_values, found, save
from tracker.auth import reset_mail
from tracker.auth.permissions import admin_required
from tracker.domain.enums import Role
from tracker.domain.reset_tokens import RESET_LINK_LIFETIME
from tracker.services import accounts as account_service
from tracker.services import admin_people, organisations
from tracker.services.admin_people import NEW_PERSON_FIELDS, PERSON_FIELDS


def _crumbs(section: str, endpoint: str, *more: str) -> list[dict[str, str]]:
    if not more:
        return [{"text": section}]
    return [{"text": section, "href": url_for(endpoint)}, *({"text": text} for text in more)]


def _people_crumbs(*more: str) -> list[dict[str, str]]:
    return _crumbs("People", "admin.people", *more)


def _account_crumbs(*more: str) -> list[dict[str, str]]:
    return _crumbs("Accounts", "admin.accounts", *more)


def _render_person(form: PersonForm, title: str):
    return render_template(
        "admin/form.html",
        form=form,
        title=title,
        submit_text="Save person",
        cancel_url=url_for("admin.people"),
        breadcrumbs=_people_crumbs(title),
    )


@bp.get("/people")
@admin_required
def people():
    """List everyone who leads actions or has an account."""
    rows = admin_people.list_people()
    return render_template(
        "admin/people.html",
        rows=rows,
        organisations=len({row.organisation for row in rows}),
        without_email=admin_people.people_without_email(),
        breadcrumbs=_people_crumbs(),
    )


@bp.route("/people/new", methods=["GET", "POST"])
@admin_required
def new_person():
    """Add a person to an organisation."""
    form = NewPersonForm(data={"active": True})
    form.organisation_id.choices = options(
        organisations.other_organisations(), organisations.DEFAULT_ORGANISATION
    )
    if form.validate_on_submit():
        ok, person = save(
            form,
            lambda: admin_people.create_person(
                form_values(form, NEW_PERSON_FIELDS), user_id=current_user.id
            ),
        )
        if ok:
            flash(f"{person.name} added.", "success")
            return redirect(url_for("admin.people"))
    return _render_person(form, "Add a person")


@bp.route("/people/<int:person_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_person(person_id: int):
    """Change a person's name, email address or reminder settings."""
    person = found(admin_people.get_person(person_id))
    form = PersonForm(obj=person)
    if form.validate_on_submit():
        ok, changes = save(
            form,
            lambda: admin_people.update_person(
                person, form_values(form, PERSON_FIELDS), user_id=current_user.id
            ),
        )
        if ok:
            flash(f"{person.name} saved." if changes else NOTHING_CHANGED, "success")
            return redirect(url_for("admin.people"))
    return _render_person(form, f"Change {person.name}")


@bp.route("/people/<int:person_id>/merge", methods=["GET", "POST"])
@admin_required
def merge_person(person_id: int):
    """Choose another person to merge with this one, and which of the two to keep."""
    person = found(admin_people.get_person(person_id))
    form = MergePeopleForm()
    form.other_id.choices = options(admin_people.merge_candidates(person), "Choose a person")
    form.keep.choices = options(
        [("this", f"Keep {person.name}"), ("other", "Keep the person chosen above")]
    )
    if form.validate_on_submit():
        other = found(admin_people.get_person(form.other_id.data))
        keep, remove = (person, other) if form.keep.data == "this" else (other, person)
        return redirect(url_for("admin.confirm_merge", keep_id=keep.id, remove_id=remove.id))
    return render_template(
        "admin/form.html",
        form=form,
        title=f"Merge {person.name} with another person",
        submit_text="Continue",
        cancel_url=url_for("admin.people"),
        breadcrumbs=_people_crumbs(f"Merge {person.name}"),
        intro="Merge two records of the same person: the actions they lead, their account, "
        "their reminders and the plans they own move to the person kept, and the other "
        "person's name is remembered as another name of the person kept.",
    )


def _merge_plan(keep_id: int, remove_id: int) -> admin_people.MergePlan:
    return admin_people.plan_merge(
        found(admin_people.get_person(keep_id)), found(admin_people.get_person(remove_id))
    )


@bp.route("/people/<int:keep_id>/merge/<int:remove_id>", methods=["GET", "POST"])
@admin_required
def confirm_merge(keep_id: int, remove_id: int):
    """Show what merging would move and merge on confirmation, unless it is refused."""
    plan = _merge_plan(keep_id, remove_id)
    form = ConfirmMergeForm()
    if form.validate_on_submit() and plan.refusal is None:
        kept, removed = plan.keep.name, plan.remove.name
        now = clock.now()
        ok, moved = save(
            None, lambda: admin_people.merge_people(plan, user_id=current_user.id, now=now)
        )
        if ok:
            flash(
                f"{removed} is merged into {kept}: {moved['leads_moved']} actions led moved, "
                f"and {removed} is remembered as another name of {kept}.",
                "success",
            )
            return redirect(url_for("admin.people"))
    status = 409 if request.method == "POST" and plan.refusal else 200
    return (
        render_template(
            "admin/people_merge.html",
            plan=plan,
            form=form,
            breadcrumbs=_people_crumbs(f"Merge {plan.remove.name} into {plan.keep.name}"),
        ),
        status,
    )


# Accounts


def _show_link(row: admin_people.AccountRow, token: str, *, created: bool):
    """Show a one-time link once; it is not stored, so the page must not be cached either."""
    page = render_template(
        "admin/account_link.html",
        account=row,
        link=account_service.reset_link(token),
        created=created,
        lifetime_hours=int(RESET_LINK_LIFETIME.total_seconds() // 3600),
        breadcrumbs=_account_crumbs(row.name),
    )
    return page, 200, {"Cache-Control": "no-store"}


@bp.get("/accounts")
@admin_required
def accounts():
    """List the sign-in accounts."""
    return render_template(
        "admin/accounts.html", rows=admin_people.list_accounts(), breadcrumbs=_account_crumbs()
    )


@bp.route("/accounts/new", methods=["GET", "POST"])
@admin_required
def new_account():
    """Create an account for a person and show the one-time link to set its password."""
    people = admin_people.people_without_account()
    chosen = request.args.get("person", type=int)
    emails: dict[int | None, str] = {person_id: email for person_id, _, email in people}
    form = NewAccountForm(data={"person_id": chosen, "email": emails.get(chosen, "")})
    form.person_id.choices = options(((pid, name) for pid, name, _ in people), "Choose a person")
    if form.validate_on_submit():
        ok, created = save(
            form,
            lambda: account_service.open_account(
                form.person_id.data,
                form.email.data,
                Role(form.role.data),
                now=clock.now(),
                actor_user_id=current_user.id,
            ),
        )
        if ok:
            user, token = created
            return _show_link(found(admin_people.get_account(user.id)), token, created=True)
    return render_template(
        "admin/form.html",
        form=form,
        title="Create an account",
        submit_text="Create account",
        cancel_url=url_for("admin.accounts"),
        breadcrumbs=_account_crumbs("Create an account"),
        intro="The person gets a link to set their password. It works once, for a day.",
    )


def _account_row(user_id: int) -> admin_people.AccountRow:
    return found(admin_people.get_account(user_id))


def _render_account(row: admin_people.AccountRow, form: RoleForm):
    return render_template(
        "admin/account.html",
        account=row,
        form=form,
        is_self=account_service.is_own_account(row.user, current_user.id),
        breadcrumbs=_account_crumbs(row.name),
    )


@bp.get("/accounts/<int:user_id>")
@admin_required
def account(user_id: int):
    """Show an account with its role, and what can be done to it."""
    row = _account_row(user_id)
    return _render_account(row, RoleForm(data={"role": row.user.role.value}))


@bp.post("/accounts/<int:user_id>/role")
@admin_required
def change_role(user_id: int):
    """Give an account another role."""
    row = _account_row(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _render_account(row, form)
    role = Role(form.role.data)
    if role is not row.user.role:
        try:
            account_service.set_role(row.user, role, actor_user_id=current_user.id)
        except account_service.AccountProblem as problem:
            flash(str(problem), "error")
        else:
            flash(f"{row.name} is now {role.value}.", "success")
    return redirect(url_for("admin.account", user_id=user_id))


@bp.post("/accounts/<int:user_id>/deactivate")
@admin_required
def deactivate_account(user_id: int):
    """Deactivate an account, ending every session it has."""
    row = _account_row(user_id)
    if row.user.active:
        try:
            account_service.set_active(row.user, False, actor_user_id=current_user.id)
        except account_service.AccountProblem as problem:
            flash(str(problem), "error")
        else:
            flash(f"{row.name}'s account is deactivated and signed out everywhere.", "success")
    return redirect(url_for("admin.account", user_id=user_id))


@bp.post("/accounts/<int:user_id>/reactivate")
@admin_required
def reactivate_account(user_id: int):
    """Let a deactivated account sign in again."""
    row = _account_row(user_id)
    account_service.set_active(row.user, True, actor_user_id=current_user.id)
    flash(f"{row.name}'s account can sign in again.", "success")
    return redirect(url_for("admin.account", user_id=user_id))


@bp.post("/accounts/<int:user_id>/reset-password")
@admin_required
def reset_password(user_id: int):
    """Make a one-time link to set a new password, and show it once."""
    row = _account_row(user_id)
    try:
        token = account_service.issue_password_reset(
            row.user, now=clock.now(), actor_user_id=current_user.id
        )
    except account_service.AccountProblem as problem:
        flash(str(problem), "error")
        return redirect(url_for("admin.account", user_id=user_id))
    return _show_link(row, token, created=False)


@bp.post("/accounts/<int:user_id>/email-password-link")
@admin_required
def email_password_link(user_id: int):
    """Email the account a one-time link to set its password, from the background sender."""
    row = _account_row(user_id)
    if not row.user.active:
        flash(f"{row.user.email} is deactivated; reactivate it first.", "error")
        return redirect(url_for("admin.account", user_id=user_id))
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    actor_user_id = current_user.id
    after_this_request(
        reset_mail.after_success(
            lambda: reset_mail.email_link_later(
                app,
                user_id=user_id,
                lifetime=RESET_LINK_LIFETIME,
                actor_user_id=actor_user_id,
            )
        )
    )
    hours = int(RESET_LINK_LIFETIME.total_seconds() // 3600)
    flash(
        f"A link to set a password is being emailed to {row.user.email}. It works once, for "
        f"{hours} hours, and replaces any earlier link. The audit trail says when the mail "
        "server has accepted it.",
        "success",
    )
    return redirect(url_for("admin.account", user_id=user_id))
