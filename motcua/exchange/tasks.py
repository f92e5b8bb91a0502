from django.tasks import task

from motcua.exchange import services


@task
def push(update_id: int) -> None:
    services.push(update_id)
