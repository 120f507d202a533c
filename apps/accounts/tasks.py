"""E-mails with a link that grants access. Their arguments are ids only: the link (and its token) is
built while the task runs and exists only in the delivered e-mail, never in the task table."""

from django.tasks import task


@task()
def deliver_invitation(*, invitation_id: int, application_approved: bool = False) -> int:
    from .services import invitation_deliver

    return invitation_deliver(invitation_id=invitation_id, application_approved=application_approved)


@task()
def deliver_password_reset(*, user_id: int, domain: str, protocol: str, language: str = "nl") -> int:
    from .services import password_reset_deliver

    return password_reset_deliver(user_id=user_id, domain=domain, protocol=protocol, language=language)
