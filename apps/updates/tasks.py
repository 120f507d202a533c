from django.tasks import task


@task()
def send_update(update_id: int) -> dict:
    from .services import update_deliver

    return update_deliver(update_id=update_id)
