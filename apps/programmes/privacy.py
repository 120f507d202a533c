"""Privacy hooks (see apps/privacy/services.py): what the programmes app holds about a person."""


def export(user) -> dict:
    from .models import Comment, Post, Registration, SubmissionVersion

    return {
        "registrations": [
            {
                "programme": r.programme.title_nl,
                "municipality": r.municipality.display_name,
                "contact_email": r.contact_email,
                "motivation": r.motivation,
                "status": r.status,
                "registered_at": r.created_at.isoformat(),
            }
            for r in Registration.objects.filter(registered_by=user).select_related("programme", "municipality")
        ]
        + [
            {
                "programme": r.programme.title_nl,
                "municipality": r.municipality.display_name,
                "participant": True,
                "status": r.status,
                "registered_at": r.created_at.isoformat(),
            }
            for r in Registration.objects.filter(participant=user).exclude(registered_by=user).select_related("programme", "municipality")
        ],
        "texts_sent_in": [
            {"title": v.title, "version": v.number, "sent_in_at": v.submitted_at.isoformat(), "words": v.word_count}
            for v in SubmissionVersion.objects.filter(submitted_by=user)
        ],
        "comments": [{"text": c.body, "kind": c.kind, "at": c.created_at.isoformat()} for c in Comment.objects.filter(author=user)],
        "session_posts": [
            {"session": p.session.title_nl, "kind": p.kind, "text": p.body, "at": p.created_at.isoformat()}
            for p in Post.objects.filter(author=user).select_related("session")
        ],
    }


def anonymise(user) -> None:
    """The municipality keeps its registrations, texts and the conversation; the person's name goes.
    A cohort registration is the person's own and is removed."""
    from .models import Comment, Post, Registration, SubmissionVersion

    Registration.objects.filter(participant=user).delete()
    Registration.objects.filter(registered_by=user).update(registered_by=None)
    Registration.objects.filter(contact_email__iexact=user.email).update(contact_email="")
    SubmissionVersion.objects.filter(submitted_by=user).update(submitted_by=None)
    Comment.objects.filter(author=user).update(author=None)
    Post.objects.filter(author=user).update(author=None)
