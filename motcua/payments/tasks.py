from django.tasks import task

from motcua.payments import services


@task
def issue_receipt(payment_id: int) -> None:
    services.issue_receipt(payment_id)


@task
def reconcile_one(payment_id: int) -> str:
    """Booked when an applicant leaves for the national platform: asks about the payment if no
    callback came by then."""
    return services.reconcile_payment(payment_id)


@task
def reconcile() -> dict:
    return services.reconcile()
