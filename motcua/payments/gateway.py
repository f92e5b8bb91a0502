"""What every payment gateway client returns, whatever its protocol."""

from dataclasses import dataclass

PAID, PENDING, FAILED = "paid", "pending", "failed"


class GatewayError(Exception):
    """The gateway could not be reached or answered something we cannot trust."""


@dataclass
class QueryResult:
    """A gateway's answer about one transaction: its state, the amount in đồng, its references."""

    state: str  # PAID, PENDING or FAILED
    amount: int
    transaction: str
    bank: str
