from django.tasks import task

from motcua.payments import services


@task
def issue_receipt(payment_id: int) -> None:
    services.issue_receipt(payment_id)
