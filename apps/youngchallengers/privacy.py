"""YoungChallengers' part of a user's data export, and what account deletion removes: the profile's
personal parts (photo, role, what they work on, public summary) and their network posts. The
challenges stay with the municipality (they record work done inside its organisation), under the
anonymised account and no longer shared outside it."""


def _iso(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    from .models import Challenge, Post, Report, YoungChallenger

    profile = YoungChallenger.objects.filter(user=user).select_related("municipality").prefetch_related("focus_goals", "topics").first()
    data = {"profile": None, "challenges": [], "posts": [], "reports_made": []}
    if profile is not None:
        data["profile"] = {
            "municipality": profile.municipality.name,
            "role": profile.role_title,
            "works_on": profile.works_on,
            "photo": profile.photo.name or None,
            "focus_goals": sorted(g.number for g in profile.focus_goals.all()),
            "topics": [t.name_nl for t in profile.topics.all()],
            "public": profile.public,
            "public_summary": profile.public_summary,
            "since": _iso(profile.created_at),
        }
        data["challenges"] = [
            {
                "title": c.title,
                "goals": sorted(g.number for g in c.goals.all()),
                "plan": c.plan,
                "colleagues": c.colleagues,
                "status": c.status,
                "result": c.result,
                "story": c.story,
                "public": c.public,
                "steps": [{"title": s.title, "due": _iso(s.due), "done": s.done} for s in c.steps.all()],
            }
            for c in Challenge.objects.filter(challenger=profile).prefetch_related("goals", "steps").order_by("created_at")
        ]
        data["posts"] = [
            {"body": p.body, "hidden": p.hidden, "created_at": _iso(p.created_at)} for p in Post.objects.filter(author=profile).order_by("created_at")
        ]
    data["reports_made"] = [
        {"post": r.post.body[:200], "reason": r.reason, "created_at": _iso(r.created_at)}
        for r in Report.objects.filter(reporter=user).select_related("post").order_by("created_at")
    ]
    return data


def anonymise(user) -> None:
    from .models import Challenge, Post, YoungChallenger

    profile = YoungChallenger.objects.filter(user=user).first()
    if profile is None:
        return
    if profile.photo:
        profile.photo.delete(save=False)
    profile.role_title = ""
    profile.works_on = ""
    profile.public = False
    profile.public_summary = ""
    profile.save()
    profile.focus_goals.clear()
    profile.topics.clear()
    Post.objects.filter(author=profile).delete()
    Challenge.objects.filter(challenger=profile).update(public=False, colleagues="")
