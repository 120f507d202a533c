"""The API's part of a user's data export: the keys they made for their municipality (never the
secret, which is not stored). Keys stay with the municipality when the account is deleted."""


def export(user) -> dict:
    from .models import ApiKey

    return {
        "api_keys_made": [
            {
                "municipality": k.municipality.name,
                "name": k.name,
                "prefix": k.prefix,
                "created_at": k.created_at.isoformat(),
                "expires_at": k.expires_at.isoformat() if k.expires_at else None,
                "revoked_at": k.revoked_at.isoformat() if k.revoked_at else None,
            }
            for k in ApiKey.objects.filter(created_by=user).select_related("municipality").order_by("created_at")
        ]
    }
