from django.tasks import task

from motcua.indicators import services


@task
def refresh_stale() -> int:
    return services.refresh_stale()
