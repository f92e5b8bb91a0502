from django.tasks import task

from motcua.notifications import services


@task
def deliver(message_id: int) -> str:
    return services.deliver_now(message_id).state
